#include "services/registry/store/staff_org_store.h"

#include <google/protobuf/util/time_util.h>

#include <string_view>
#include <utility>

#include "common/core/ids.h"
#include "services/registry/store/employee_store.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kDepartmentSortColumn = 1;  // display_name
constexpr int kEmployeeSortColumn = 1;    // full_name
constexpr int kTeamMemberSortColumn = 1;  // the employee's full_name

v1::Department DecodeDepartment(const pqxx::row& row) {
  v1::Department department;
  department.set_name(common::ResourceName("departments", row[0].c_str()));
  department.set_display_name(row[1].c_str());
  if (!std::string_view(row[2].c_str()).empty()) {
    department.set_head(common::ResourceName("employees", row[2].c_str()));
  }
  department.set_member_count(row[3].as<int64_t>());
  *department.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *department.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  if (!row[6].is_null()) {
    *department.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  }
  department.set_etag(row[7].c_str());
  return department;
}

v1::ProjectTeamMember DecodeTeamMember(const pqxx::row& row) {
  v1::ProjectTeamMember member;
  member.set_employee(common::ResourceName("employees", row[0].c_str()));
  member.set_employee_full_name(row[1].c_str());
  member.set_name(common::ResourceName("projects", row[2].c_str()) + "/" +
                  common::ResourceName("teamMembers", row[0].c_str()));
  member.set_role(ProjectTeamRoleText::Parse(row[3].c_str()));
  *member.mutable_add_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *member.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  return member;
}

std::string IdOf(const std::string& name, std::string_view collection) {
  return name.empty() ? std::string() : common::ParseResourceId(name, collection).value();
}

}  // namespace

v1::Department InsertDepartment(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Department& department, const std::string& actor) {
  return DecodeDepartment(tx.exec_prepared1("department_insert", id, department.display_name(),
                                            IdOf(department.head(), "employees"), actor));
}

std::optional<v1::Department> FindDepartment(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("department_get", id), DecodeDepartment);
}

std::optional<v1::Department> LockDepartment(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("department_get_for_update", id), DecodeDepartment);
}

std::optional<v1::Department> FindLiveDepartmentByName(pqxx::transaction_base& tx,
                                                       const std::string& display_name) {
  return FirstOf(tx.exec_prepared("department_live_by_name", display_name), DecodeDepartment);
}

v1::Department UpdateDepartmentRecord(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::Department& department, const std::string& actor) {
  return DecodeDepartment(tx.exec_prepared1("department_update", id, department.display_name(),
                                            IdOf(department.head(), "employees"), actor));
}

v1::Department MarkDepartmentDeleted(pqxx::transaction_base& tx, const std::string& id,
                                     const std::string& actor) {
  return DecodeDepartment(tx.exec_prepared1("department_delete", id, actor));
}

Page<v1::Department> ListDepartments(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadPage(
      tx.exec_prepared("departments_list", AfterSort(window), AfterId(window), FetchLimit(window)),
      window, kDepartmentSortColumn, DecodeDepartment);
}

v1::Employee SetEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                                   const std::string& department_id, const std::string& actor) {
  return DecodeEmployee(
      tx.exec_prepared1("employee_set_department", employee_id, department_id, actor));
}

Page<v1::Employee> ListDepartmentMembers(pqxx::transaction_base& tx,
                                         const DepartmentMemberList& list) {
  return ReadPage(
      tx.exec_prepared("department_members_list", list.department_id, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window)),
      list.window, kEmployeeSortColumn, DecodeEmployee);
}

std::pair<v1::ProjectTeamMember, std::string> SetProjectTeamMember(pqxx::transaction_base& tx,
                                                                   const TeamMemberChange& change,
                                                                   const std::string& actor) {
  const pqxx::row row = tx.exec_prepared1("project_team_member_set", change.ref.project_id,
                                          change.ref.employee_id, change.role, actor);
  return {DecodeTeamMember(row), row[6].c_str()};
}

std::optional<v1::ProjectTeamMember> RemoveProjectTeamMember(pqxx::transaction_base& tx,
                                                             const TeamMemberRef& ref) {
  return FirstOf(tx.exec_prepared("project_team_member_remove", ref.project_id, ref.employee_id),
                 DecodeTeamMember);
}

Page<v1::ProjectTeamMember> ListProjectTeamMembers(pqxx::transaction_base& tx,
                                                   const TeamMemberList& list) {
  return ReadPage(
      tx.exec_prepared("project_team_members_list", list.project_id, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window)),
      list.window, kTeamMemberSortColumn, DecodeTeamMember);
}

}  // namespace crm::registry
