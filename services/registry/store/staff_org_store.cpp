#include "services/registry/store/staff_org_store.h"

#include <string>
#include <utility>

#include "common/core/ids.h"
#include "common/db/row.h"
#include "services/registry/store/columns.h"
#include "services/registry/store/employee_store.h"

namespace crm::registry {
namespace {

using common::db::Row;

// A row of any statement of store/sql/departments.sql.
v1::Department DecodeDepartment(const Row& row) {
  v1::Department department;
  department.set_name(common::ResourceName("departments", row.Text("id")));
  department.set_display_name(row.Text("display_name"));
  const std::string head_id = row.Text("head_id");
  if (!head_id.empty()) {
    department.set_head(common::ResourceName("employees", head_id));
  }
  department.set_member_count(row.Int64("member_count"));
  DecodeTimesAndEtag(row, {"created_us", "updated_us", "deleted_us"}, department);
  return department;
}

// A row of any statement of store/sql/project_teams.sql; `id` is the member's employee id.
v1::ProjectTeamMember DecodeTeamMember(const Row& row) {
  v1::ProjectTeamMember member;
  const std::string employee_id = row.Text("id");
  member.set_employee(common::ResourceName("employees", employee_id));
  member.set_employee_full_name(row.Text("full_name"));
  member.set_name(common::ResourceName("projects", row.Text("project_id")) + "/" +
                  common::ResourceName("teamMembers", employee_id));
  member.set_role(ProjectTeamRoleText::Parse(row.Text("role")));
  *member.mutable_add_time() = row.TimeFromMicros("added_us");
  *member.mutable_update_time() = row.TimeFromMicros("updated_us");
  return member;
}

// The head's employee id, '' for none.
std::string HeadIdOf(const v1::Department& department) {
  return department.head().empty()
             ? std::string()
             : common::ParseResourceId(department.head(), "employees").value();
}

}  // namespace

v1::Department InsertDepartment(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Department& department, const std::string& actor) {
  return DecodeDepartment(Row(tx.exec_prepared1("department_insert", id, department.display_name(),
                                                HeadIdOf(department), actor)));
}

std::optional<v1::Department> FindDepartment(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("department_get", id), DecodeDepartment);
}

std::optional<v1::Department> LockDepartment(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("department_get_for_update", id), DecodeDepartment);
}

std::optional<v1::Department> FindLiveDepartmentByName(pqxx::transaction_base& tx,
                                                       const std::string& display_name) {
  return FirstRowOf(tx.exec_prepared("department_live_by_name", display_name), DecodeDepartment);
}

v1::Department UpdateDepartmentRecord(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::Department& department, const std::string& actor) {
  return DecodeDepartment(Row(tx.exec_prepared1("department_update", id, department.display_name(),
                                                HeadIdOf(department), actor)));
}

v1::Department MarkDepartmentDeleted(pqxx::transaction_base& tx, const std::string& id,
                                     const std::string& actor) {
  return DecodeDepartment(Row(tx.exec_prepared1("department_delete", id, actor)));
}

Page<v1::Department> ListDepartments(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadListPage(tx, "departments_list", window, {"display_name"}, DecodeDepartment);
}

v1::Employee SetEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                                   const std::string& department_id, const std::string& actor) {
  return DecodeEmployee(
      Row(tx.exec_prepared1("employee_set_department", employee_id, department_id, actor)));
}

Page<v1::Employee> ListDepartmentMembers(pqxx::transaction_base& tx,
                                         const DepartmentMemberList& list) {
  return ReadListPage(tx, "department_members_list", list.window, {"full_name"}, DecodeEmployee,
                      list.department_id);
}

std::pair<v1::ProjectTeamMember, std::string> SetProjectTeamMember(pqxx::transaction_base& tx,
                                                                   const TeamMemberChange& change,
                                                                   const std::string& actor) {
  const Row row(tx.exec_prepared1("project_team_member_set", change.ref.project_id,
                                  change.ref.employee_id, change.role, actor));
  return {DecodeTeamMember(row), row.Text("prior_role")};
}

std::optional<v1::ProjectTeamMember> RemoveProjectTeamMember(pqxx::transaction_base& tx,
                                                             const TeamMemberRef& ref) {
  return FirstRowOf(tx.exec_prepared("project_team_member_remove", ref.project_id, ref.employee_id),
                    DecodeTeamMember);
}

Page<v1::ProjectTeamMember> ListProjectTeamMembers(pqxx::transaction_base& tx,
                                                   const TeamMemberList& list) {
  return ReadListPage(tx, "project_team_members_list", list.window, {"full_name"}, DecodeTeamMember,
                      list.project_id);
}

}  // namespace crm::registry
