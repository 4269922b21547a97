#pragma once

#include <vector>

#include "common/bus/consumer.h"

// Everything registry consumes; what it emits is in events/published.h. One durable consumer,
// "registry-sales" on crm.planning.sale.>: a sale recorded, amended or cancelled keeps the
// client's participation in the edition current (app/participation_from_sales.h).
namespace crm::registry {

common::bus::ConsumerOptions SalesConsumerOptions();
void RegisterSaleHandlers(common::bus::EventRouter& router);

// Every consumer, for ServiceHost::AddConsumers.
std::vector<common::bus::Subscription> Subscriptions();

}  // namespace crm::registry
