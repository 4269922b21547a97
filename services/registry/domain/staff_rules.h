#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/org_fields.h"

// Input rules of the staff directory and the curators (StaffService). Like validation.h: each
// Validate* reads one request, returns what the store needs and throws common::ValidationError
// naming every problem by its request field path.
namespace crm::registry {

// "employees/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateEmployeeName(std::string_view name, const char* field);

using EmployeeUpdate = UpdateTarget;
EmployeeUpdate ValidateUpdateEmployee(const v1::UpdateEmployeeRequest& request);

// Whether the update touches the system roles, which only admins may change.
bool ChangesRoles(const EmployeeUpdate& update);

// `current` with the masked fields taken from `changes`, checked by the create rules and the role
// rules (violations under "employee.<field>"); roles come back sorted without repeats.
v1::Employee ApplyEmployeeUpdate(const v1::Employee& current, const v1::Employee& changes,
                                 const std::vector<std::string>& paths);

// Roles stored as "a,b" -> {"a", "b"}; "" -> none.
std::vector<std::string> SplitRoles(std::string_view joined);
std::string JoinRoles(const google::protobuf::RepeatedPtrField<std::string>& roles);

struct CuratorAssignment {
  std::string client_id;
  std::string project_id;
  std::string contact_person_id;  // "" for the client as a whole
  std::string employee_id;
};
CuratorAssignment ValidateAssignCurator(const v1::AssignCuratorRequest& request);

struct CuratorRef {
  std::string client_id;
  std::string curator_id;
};
CuratorRef ValidateEndCuratorship(const v1::EndCuratorshipRequest& request);

struct CuratorList {
  std::string client_id;
  bool show_history = false;
  ListWindow window;
};
CuratorList ValidateListCurators(const v1::ListCuratorsRequest& request, std::string_view caller);

struct EmployeeCuratorships {
  std::string employee_id;
  ListWindow window;
};
EmployeeCuratorships ValidateListCuratorshipsOfEmployee(
    const v1::ListCuratorshipsOfEmployeeRequest& request, std::string_view caller);

struct Reassignment {
  std::string employee_id;
  std::vector<std::string> successor_ids;  // in the request's order
};
Reassignment ValidateReassignCurators(const v1::ReassignCuratorsRequest& request);

// "clients/{client}/curators/{curator}".
std::string CuratorName(std::string_view client_id, std::string_view curator_id);

}  // namespace crm::registry
