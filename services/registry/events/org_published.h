#pragma once

#include <string>
#include <vector>

#include "crm/events/v1/registry_org_events.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"

// What the registry emits about its organisation side: staff and curators (docs/events.md).
namespace crm::registry {

inline constexpr char kEmployeeUpdatedSubject[] = "crm.registry.employee.updated";
inline constexpr char kCuratorAssignedSubject[] = "crm.registry.curator.assigned";
inline constexpr char kCuratorEndedSubject[] = "crm.registry.curator.ended";
inline constexpr char kCuratorsReassignedSubject[] = "crm.registry.curators.reassigned";

events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee);
events::v1::CuratorAssigned CuratorAssignedEvent(const v1::Curator& curator,
                                                 const std::string& previous_employee);
events::v1::CuratorEnded CuratorEndedEvent(const v1::Curator& curator);
events::v1::CuratorsReassigned CuratorsReassignedEvent(const v1::ReassignCuratorsResponse& result,
                                                       const std::string& reassigned_by);

}  // namespace crm::registry
