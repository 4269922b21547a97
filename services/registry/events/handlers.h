#pragma once

#include <vector>

#include "common/bus/consumer.h"

// Everything registry consumes; what it emits is in events/published.h. Two durable consumers:
// - "registry-sales" on crm.planning.sale.>: a sale recorded, amended or cancelled keeps the
//   client's participation in the edition current (app/participation_from_sales.h);
// - "registry-lead-sources" on crm.planning.lead_source.set: a lead source set through planning's
//   deprecated API (or handed over by planning once) lands on the client, which registry owns
//   (app/lead_sources.h).
namespace crm::registry {

common::bus::ConsumerOptions SalesConsumerOptions();
void RegisterSaleHandlers(common::bus::EventRouter& router);
common::bus::ConsumerOptions LeadSourcesConsumerOptions();
void RegisterLeadSourceHandlers(common::bus::EventRouter& router);

// Every consumer, for ServiceHost::AddConsumers.
std::vector<common::bus::Subscription> Subscriptions();

}  // namespace crm::registry
