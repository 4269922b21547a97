#include "services/accounting/store/employee_store.h"

#include "common/db/pool.h"
#include "common/db/row.h"

namespace crm::accounting {

void EmployeeStore::SetDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                                  const std::string& department_id,
                                  const std::optional<std::string>& event_time) {
  tx.exec_prepared("accounting_set_employee_department", employee_id, department_id,
                   common::db::OrNull(event_time));
}

common::auth::DepartmentLookup EmployeeStore::Departments(pqxx::transaction_base& tx) {
  return [&tx](const std::string& employee_id) {
    const pqxx::result found = tx.exec_prepared("accounting_employee_department", employee_id);
    return found.empty() ? std::string() : common::db::Row(found[0]).Text("department_id");
  };
}

}  // namespace crm::accounting
