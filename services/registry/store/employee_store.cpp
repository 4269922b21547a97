#include "services/registry/store/employee_store.h"

#include <utility>

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "services/registry/domain/staff_rules.h"

namespace crm::registry {

v1::Employee DecodeEmployee(const common::db::Row& row) {
  v1::Employee employee;
  employee.set_name(common::ResourceName("employees", row.Text("id")));
  employee.set_full_name(row.Text("full_name"));
  employee.set_email(row.Text("email"));
  employee.set_department(row.Text("department"));
  *employee.mutable_create_time() = row.TimeFromMicros("created_us");
  for (std::string& role : SplitRoles(row.Text("roles"))) {
    employee.add_roles(std::move(role));
  }
  employee.set_status(
      common::api::EnumText<v1::EmployeeStatus, common::api::TextCase::kLower>::Parse(
          row.Text("status")));
  employee.set_etag(row.Text("version"));
  *employee.mutable_update_time() = row.TimeFromMicros("updated_us");
  const std::string department_id = row.Text("department_id");
  if (!department_id.empty()) {
    employee.set_department_unit(common::ResourceName("departments", department_id));
  }
  return employee;
}

v1::Employee InsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Employee& employee, const std::string& actor) {
  return DecodeEmployee(common::db::Row(
      tx.exec_prepared1("employee_insert", id, employee.full_name(), employee.email(), actor)));
}

std::optional<v1::Employee> FindEmployeeByEmail(pqxx::transaction_base& tx,
                                                const std::string& email) {
  return FirstRowOf(tx.exec_prepared("employee_by_email", email), DecodeEmployee);
}

Page<v1::Employee> ListEmployees(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadListPage(tx, "employees_list", window, {"full_name"}, DecodeEmployee);
}

}  // namespace crm::registry
