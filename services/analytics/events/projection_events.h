#pragma once

#include "common/bus/consumer.h"

// What analytics consumes: everything on the stream, of which the projection keeps contacts,
// sales, employee names and each employee's department unit. Other subjects are acknowledged and
// skipped by the router.
namespace crm::analytics {

inline constexpr char kEmployeeCreatedSubject[] = "crm.registry.employee.created";
inline constexpr char kEmployeeUpdatedSubject[] = "crm.registry.employee.updated";
inline constexpr char kContactPlannedSubject[] = "crm.planning.contact.planned";
inline constexpr char kContactCompletedSubject[] = "crm.planning.contact.completed";
inline constexpr char kSaleRecordedSubject[] = "crm.planning.sale.recorded";

// The durable consumer "analytics-all" on "crm.>".
common::bus::ConsumerOptions ProjectionConsumerOptions();

// Handlers for the five subjects above; each is an idempotent upsert.
common::bus::EventRouter ProjectionRouter();

}  // namespace crm::analytics
