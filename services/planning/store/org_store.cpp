#include "services/planning/store/org_store.h"

#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {

using rows::OrNull;

void UpsertEmployeeMembership(pqxx::transaction_base& tx, const std::string& id,
                              const crm::events::v1::EmployeeSnapshot& employee,
                              const std::string& department_id,
                              const std::optional<std::string>& event_time) {
  std::optional<std::string> unit;
  if (!department_id.empty()) {
    unit = department_id;
  }
  tx.exec_prepared("upsert_employee_membership", id, employee.full_name(), employee.email(),
                   employee.department(), OrNull(unit), OrNull(event_time));
}

std::string FindEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id) {
  auto result = tx.exec_prepared("find_employee_department", employee_id);
  return result.empty() ? std::string() : std::string(result[0][0].c_str());
}

void UpsertDepartment(pqxx::transaction_base& tx, const std::string& id,
                      const std::string& display_name, const std::optional<std::string>& head_id,
                      const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_department", id, display_name, OrNull(head_id), OrNull(event_time));
  tx.exec_prepared("department_rename_members", id);
  tx.exec_prepared("department_adopt_redirects", id);
}

void MarkDepartmentDeleted(pqxx::transaction_base& tx, const std::string& id,
                           const std::optional<std::string>& event_time) {
  tx.exec_prepared("mark_department_deleted", id, OrNull(event_time));
}

bool DepartmentExists(pqxx::transaction_base& tx, const std::string& id) {
  return !tx.exec_prepared("department_exists", id).empty();
}

}  // namespace crm::planning::store
