#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "crm/registry/v1/staff.pb.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/org_fields.h"

// Input rules of the staff directory's departments and of projects' teams. Each Validate*
// throws common::ValidationError naming every problem by its request field path.
namespace crm::registry {

v1::Department ValidateCreateDepartment(const v1::CreateDepartmentRequest& request);
std::string ValidateDepartmentName(std::string_view name, const char* field);

using DepartmentUpdate = UpdateTarget;
DepartmentUpdate ValidateUpdateDepartment(const v1::UpdateDepartmentRequest& request);
v1::Department ApplyDepartmentUpdate(const v1::Department& current, const v1::Department& changes,
                                     const std::vector<std::string>& paths);

using DepartmentDeletion = Deletion;
DepartmentDeletion ValidateDeleteDepartment(const v1::DeleteDepartmentRequest& request);
ListWindow ValidateListDepartments(const v1::ListDepartmentsRequest& request,
                                   std::string_view caller);

struct EmployeeDepartmentChange {
  std::string employee_id;
  std::string department_id;  // "" for none
};
EmployeeDepartmentChange ValidateSetEmployeeDepartment(
    const v1::SetEmployeeDepartmentRequest& request);

struct DepartmentMemberList {
  std::string department_id;
  ListWindow window;
};
DepartmentMemberList ValidateListDepartmentMembers(const v1::ListDepartmentMembersRequest& request,
                                                   std::string_view caller);

struct TeamMemberRef {
  std::string project_id;
  std::string employee_id;
};
struct TeamMemberChange {
  TeamMemberRef ref;
  std::string role;  // "lead", ...
};
TeamMemberChange ValidateSetProjectTeamMember(const v1::SetProjectTeamMemberRequest& request);
TeamMemberRef ValidateRemoveProjectTeamMember(const v1::RemoveProjectTeamMemberRequest& request);

struct TeamMemberList {
  std::string project_id;
  ListWindow window;
};
TeamMemberList ValidateListProjectTeamMembers(const v1::ListProjectTeamMembersRequest& request,
                                              std::string_view caller);

// The stored text of a project team role: "sales_manager".
using ProjectTeamRoleText =
    common::api::EnumText<v1::ProjectTeamRole, common::api::TextCase::kLower>;

}  // namespace crm::registry
