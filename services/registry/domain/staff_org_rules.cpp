#include "services/registry/domain/staff_org_rules.h"

#include <array>
#include <utility>

#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

// Trims the display name and checks it and the head's name.
void CheckDepartment(Violations& v, v1::Department* department) {
  v.AddIf("department.display_name",
          CheckText(*department->mutable_display_name(),
                    {.required = true, .max_characters = kNameMaxCharacters}));
  ReadResourceId(v, "department.head", department->head(), "employees", false);
}

}  // namespace

v1::Department ValidateCreateDepartment(const v1::CreateDepartmentRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  v1::Department department;
  department.set_display_name(request.department().display_name());
  department.set_head(request.department().head());
  CheckDepartment(v, &department);
  v.ThrowIfAny();
  return department;
}

std::string ValidateDepartmentName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "departments");
}

DepartmentUpdate ValidateUpdateDepartment(const v1::UpdateDepartmentRequest& request) {
  static constexpr std::array<std::string_view, 2> kUpdatable = {"display_name", "head"};
  Violations v;
  DepartmentUpdate update =
      ReadUpdateTarget(v, "department", request.has_department() ? &request.department() : nullptr,
                       request.update_mask(), "departments", kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::Department ApplyDepartmentUpdate(const v1::Department& current, const v1::Department& changes,
                                     const std::vector<std::string>& paths) {
  v1::Department department = current;
  if (common::api::HasPath(paths, "display_name")) {
    department.set_display_name(changes.display_name());
  }
  if (common::api::HasPath(paths, "head")) {
    department.set_head(changes.head());
  }
  Violations v;
  CheckDepartment(v, &department);
  v.ThrowIfAny();
  return department;
}

DepartmentDeletion ValidateDeleteDepartment(const v1::DeleteDepartmentRequest& request) {
  return ReadDeletion(request.name(), request.etag(), "departments");
}

ListWindow ValidateListDepartments(const v1::ListDepartmentsRequest& request,
                                   std::string_view caller) {
  return ValidateListWindow(request, caller);
}

EmployeeDepartmentChange ValidateSetEmployeeDepartment(
    const v1::SetEmployeeDepartmentRequest& request) {
  Violations v;
  EmployeeDepartmentChange change;
  if (auto id = ReadResourceId(v, "employee", request.employee(), "employees")) {
    change.employee_id = *id;
  }
  if (auto id = ReadResourceId(v, "department", request.department(), "departments", false)) {
    change.department_id = *id;
  }
  v.ThrowIfAny();
  return change;
}

DepartmentMemberList ValidateListDepartmentMembers(const v1::ListDepartmentMembersRequest& request,
                                                   std::string_view caller) {
  auto [id, window] =
      ReadChildList(request, "department", request.department(), "departments", caller);
  return {id, window};
}

TeamMemberChange ValidateSetProjectTeamMember(const v1::SetProjectTeamMemberRequest& request) {
  Violations v;
  TeamMemberChange change;
  if (auto id = ReadResourceId(v, "project", request.project(), "projects")) {
    change.ref.project_id = *id;
  }
  if (auto id = ReadResourceId(v, "employee", request.employee(), "employees")) {
    change.ref.employee_id = *id;
  }
  if (common::api::IsSpecified(request.role())) {
    change.role = ProjectTeamRoleText::Of(request.role());
  } else {
    v.Add("role", "must be a team role (LEAD, SALES_MANAGER, COORDINATOR or ANALYST)");
  }
  v.ThrowIfAny();
  return change;
}

TeamMemberRef ValidateRemoveProjectTeamMember(const v1::RemoveProjectTeamMemberRequest& request) {
  auto ids = common::ParseChildResourceId(request.name(), "projects", "teamMembers");
  if (!ids) {
    throw common::ValidationError(
        "name", request.name().empty()
                    ? "is required"
                    : "must be a resource name like projects/{uuid}/teamMembers/{uuid}");
  }
  return {ids->first, ids->second};
}

TeamMemberList ValidateListProjectTeamMembers(const v1::ListProjectTeamMembersRequest& request,
                                              std::string_view caller) {
  auto [id, window] = ReadChildList(request, "project", request.project(), "projects", caller);
  return {id, window};
}

}  // namespace crm::registry
