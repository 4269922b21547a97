#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"

// Everything analytics consumes (it emits nothing): the whole stream, of which the report
// projection keeps contacts (planning's contact.planned, .updated, .reassigned, .cancelled,
// .completed), sales
// (sale.recorded, sale.amended, sale.cancelled), employee names and each employee's department unit
// (registry's employee.created, employee.updated), invoices (documents' document.issued,
// .annulled) and the payments applied to them (accounting's payment.received, .matched,
// .unmatched; events/money_handlers.h). Other subjects are acknowledged and skipped by
// the router.
namespace crm::analytics {

// The durable consumer "analytics-all" on "crm.>".
common::bus::ConsumerOptions ProjectionConsumerOptions();

// Handlers for the topics above; each is an idempotent upsert.
common::bus::EventRouter ProjectionRouter();

// Every consumer of analytics (the one above), for ServiceHost::AddConsumers.
std::vector<common::bus::Subscription> Subscriptions();

}  // namespace crm::analytics
