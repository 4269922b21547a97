#include "services/registry/domain/staff_rules.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include "common/api/etag.h"
#include "common/api/update_mask.h"
#include "common/auth/auth.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

// Roles a person can hold; "service" is for other systems' tokens, never for staff.
constexpr std::array<std::string_view, 5> kStaffRoles = {"sales_manager", "sales_head", "analyst",
                                                         "accountant", "admin"};

// Lists paged by seq carry it as their sort value: digits only.
void CheckSeqKey(Violations& v, const ListWindow& window) {
  if (!window.after) {
    return;
  }
  const std::string& sort = window.after->sort;
  if (sort.empty() || sort.size() > 18 ||
      !std::all_of(sort.begin(), sort.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    v.Add("page_token", "is not a page token of this list with these filters");
  }
}

// The id of the parent `name` names and the window of a list of its children paged by seq;
// throws common::ValidationError naming each bad field.
template <class Request>
std::pair<std::string, ListWindow> ReadSeqChildList(const Request& request,
                                                    const std::string& field,
                                                    const std::string& name,
                                                    std::string_view collection,
                                                    std::string_view caller) {
  auto list = ReadChildList(request, field, name, collection, caller);
  Violations v;
  CheckSeqKey(v, list.second);
  v.ThrowIfAny();
  return list;
}

void CheckRoles(Violations& v, const google::protobuf::RepeatedPtrField<std::string>& roles) {
  for (int i = 0; i < roles.size(); ++i) {
    const std::string& role = roles[i];
    if (std::find(kStaffRoles.begin(), kStaffRoles.end(), role) == kStaffRoles.end()) {
      v.Add("employee.roles[" + std::to_string(i) + "]",
            "must be one of sales_manager, sales_head, analyst, accountant, admin");
    }
  }
}

}  // namespace

std::string ValidateEmployeeName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "employees");
}

EmployeeUpdate ValidateUpdateEmployee(const v1::UpdateEmployeeRequest& request) {
  static constexpr std::array<std::string_view, 3> kUpdatable = {"full_name", "email", "roles"};
  // Membership decides a head of sales' reach: only admins change it, with its own RPC.
  static constexpr std::string_view kMoved =
      "is output only: an admin moves an employee to another department with "
      "StaffService.SetEmployeeDepartment";
  static constexpr std::array<common::api::RefusedPath, 2> kRefused = {
      {{"department", kMoved}, {"department_unit", kMoved}}};
  Violations v;
  EmployeeUpdate update =
      ReadUpdateTarget(v, "employee", request.has_employee() ? &request.employee() : nullptr,
                       request.update_mask(), "employees", kUpdatable, kRefused);
  v.ThrowIfAny();
  return update;
}

bool ChangesRoles(const EmployeeUpdate& update) {
  return common::api::HasPath(update.paths, "roles");
}

v1::Employee ApplyEmployeeUpdate(const v1::Employee& current, const v1::Employee& changes,
                                 const std::vector<std::string>& paths) {
  v1::CreateEmployeeRequest merged;
  v1::Employee* employee = merged.mutable_employee();
  *employee = current;
  for (const std::string& path : paths) {
    if (path == "full_name") {
      employee->set_full_name(changes.full_name());
    } else if (path == "email") {
      employee->set_email(changes.email());
    } else if (path == "roles") {
      *employee->mutable_roles() = changes.roles();
    }
  }
  Violations v;
  CheckRoles(v, employee->roles());
  v.ThrowIfAny();
  // One rule set for an employee however it was reached: the create rules judge the result.
  v1::Employee result = ValidateCreateEmployee(merged);
  std::vector<std::string> roles(employee->roles().begin(), employee->roles().end());
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  result.clear_roles();
  for (std::string& role : roles) {
    result.add_roles(std::move(role));
  }
  return result;
}

std::vector<std::string> SplitRoles(std::string_view joined) {
  std::vector<std::string> roles;
  while (!joined.empty()) {
    auto comma = joined.find(',');
    roles.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) {
      break;
    }
    joined.remove_prefix(comma + 1);
  }
  return roles;
}

std::string JoinRoles(const google::protobuf::RepeatedPtrField<std::string>& roles) {
  std::string joined;
  for (const std::string& role : roles) {
    if (!joined.empty()) {
      joined += ',';
    }
    joined += role;
  }
  return joined;
}

CuratorAssignment ValidateAssignCurator(const v1::AssignCuratorRequest& request) {
  Violations v;
  CuratorAssignment out;
  auto client_id = ReadResourceId(v, "client", request.client(), "clients");
  auto project_id = ReadResourceId(v, "project", request.project(), "projects");
  auto employee_id = ReadResourceId(v, "employee", request.employee(), "employees");
  if (!request.contact_person().empty()) {
    auto ids = common::ParseChildResourceId(request.contact_person(), "clients", "contactPersons");
    if (!ids) {
      v.Add("contact_person",
            "must be a resource name like clients/{uuid}/contactPersons/{uuid}, or empty");
    } else if (client_id && ids->first != *client_id) {
      v.Add("contact_person", "must be a contact person of " + request.client());
    } else {
      out.contact_person_id = ids->second;
    }
  }
  v.ThrowIfAny();
  out.client_id = *client_id;
  out.project_id = *project_id;
  out.employee_id = *employee_id;
  return out;
}

CuratorRef ValidateEndCuratorship(const v1::EndCuratorshipRequest& request) {
  if (request.name().empty()) {
    throw common::ValidationError("name", "is required");
  }
  auto ids = common::ParseChildResourceId(request.name(), "clients", "curators");
  if (!ids) {
    throw common::ValidationError("name",
                                  "must be a resource name like clients/{uuid}/curators/{uuid}");
  }
  return {ids->first, ids->second};
}

CuratorList ValidateListCurators(const v1::ListCuratorsRequest& request, std::string_view caller) {
  CuratorList list;
  list.show_history = request.show_history();
  std::tie(list.client_id, list.window) =
      ReadSeqChildList(request, "parent", request.parent(), "clients", caller);
  return list;
}

EmployeeCuratorships ValidateListCuratorshipsOfEmployee(
    const v1::ListCuratorshipsOfEmployeeRequest& request, std::string_view caller) {
  EmployeeCuratorships list;
  std::tie(list.employee_id, list.window) =
      ReadSeqChildList(request, "employee", request.employee(), "employees", caller);
  return list;
}

Reassignment ValidateReassignCurators(const v1::ReassignCuratorsRequest& request) {
  Violations v;
  Reassignment out;
  auto employee_id = ReadResourceId(v, "employee", request.employee(), "employees");
  for (int i = 0; i < request.successors_size(); ++i) {
    const std::string field = "successors[" + std::to_string(i) + "]";
    auto id = ReadResourceId(v, field, request.successors(i), "employees");
    if (!id) {
      continue;
    }
    if (employee_id && *id == *employee_id) {
      v.Add(field, "must not be the employee who leaves");
    } else if (std::find(out.successor_ids.begin(), out.successor_ids.end(), *id) !=
               out.successor_ids.end()) {
      v.Add(field, "is named twice");
    } else {
      out.successor_ids.push_back(*id);
    }
  }
  v.ThrowIfAny();
  out.employee_id = *employee_id;
  return out;
}

std::string CuratorName(std::string_view client_id, std::string_view curator_id) {
  return common::ResourceName("clients", client_id) + "/" +
         common::ResourceName("curators", curator_id);
}

}  // namespace crm::registry
