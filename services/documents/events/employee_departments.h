#pragma once

#include "common/bus/consumer.h"

// Registry's employees as documents needs them: each one's department unit, so that a head of
// sales sees the documents of their department's managers. Kept current by
// crm.registry.employee.updated, which registry publishes whenever an employee moves.
namespace crm::documents {

// The durable consumer "documents-employees" on "crm.registry.employee.>" (nats-server 2.9 allows
// one filter subject per consumer, so it is a consumer of its own beside "documents-sales").
common::bus::ConsumerOptions EmployeesConsumerOptions();

// Registers the handler of crm.registry.employee.updated: the employee's unit as of the event
// (an older event never overwrites a newer one). A malformed name is a PoisonEvent.
void RegisterEmployeeHandlers(common::bus::EventRouter& router);

}  // namespace crm::documents
