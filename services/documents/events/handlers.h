#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"

// Everything documents consumes; what it emits is in events/published.h. Three durable
// consumers, since nats-server 2.9 allows one filter subject per consumer:
// - "documents-sales" on crm.planning.sale.>: a sale's invoice is issued on sale.recorded,
//   replaced on sale.amended and annulled on sale.cancelled (app/sale_invoicing.h);
// - "documents-employees" on crm.registry.employee.>: each employee's department unit from
//   employee.updated, so that a head of sales sees the documents of their department's managers;
// - "documents-editions" on crm.registry.edition.>: each edition's end date and status.
namespace crm::documents {

common::bus::ConsumerOptions SalesConsumerOptions();
void RegisterSaleHandlers(common::bus::EventRouter& router);

common::bus::ConsumerOptions EmployeesConsumerOptions();
// The employee's unit as of the event (an older event never overwrites a newer one). A malformed
// name is a PoisonEvent.
void RegisterEmployeeHandlers(common::bus::EventRouter& router);

common::bus::ConsumerOptions EditionsConsumerOptions();
// Each edition's end date and status (an older event never overwrites a newer one), from which
// the edition closer (app/edition_closer.h) knows when the edition's acts are due.
void RegisterEditionHandlers(common::bus::EventRouter& router);
// The consumers, for ServiceHost::AddConsumers: sales first, then employees, then editions.
// `sale_max_deliver` is the sales consumer's retry budget (CRM_DOCUMENTS_SALE_MAX_DELIVER).
std::vector<common::bus::Subscription> Subscriptions(int sale_max_deliver);

}  // namespace crm::documents
