#include "services/planning/store/org_store.h"

#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::planning::store {

using common::db::OrNull;
using common::db::Row;

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
  return result.empty() ? std::string() : Row(result[0]).Text("department_id");
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

void ApplyCuratorTerm(pqxx::transaction_base& tx, const CuratorTermRow& term) {
  tx.exec_prepared("curator_replace_earlier", term.id, term.client_id, term.project_id,
                   OrNull(term.contact_person_id), term.start_time);
  tx.exec_prepared("curator_insert_term", term.id, term.client_id, term.project_id,
                   OrNull(term.contact_person_id), term.employee_id, term.start_time);
}

void EndCuratorTerm(pqxx::transaction_base& tx, const CuratorTermRow& term) {
  tx.exec_prepared("curator_end_term", term.id, term.client_id, term.project_id,
                   OrNull(term.contact_person_id), term.employee_id, term.start_time);
}

std::vector<std::string> CurrentCurators(pqxx::transaction_base& tx, const std::string& client_id) {
  return common::db::RowsOf(tx.exec_prepared("client_current_curators", client_id),
                            [](const Row& row) { return row.Text("employee_id"); });
}

}  // namespace crm::planning::store
