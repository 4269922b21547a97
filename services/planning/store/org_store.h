#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/events/v1/registry_employee_events.pb.h"

// Registry's organisation as planning keeps it (store/sql/org.sql): the department unit of each
// employee, the units themselves and the clients' curators, fed by registry events. Ids are
// lower-case uuid text.
namespace crm::planning::store {

// crm.registry.employee.updated: the snapshot with `department_id` ("" for none).
void UpsertEmployeeMembership(pqxx::transaction_base& tx, const std::string& id,
                              const crm::events::v1::EmployeeSnapshot& employee,
                              const std::string& department_id,
                              const std::optional<std::string>& event_time);
// The employee's department unit; "" when they have none or planning does not know them.
std::string FindEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id);

// crm.registry.department.created / updated: the unit, its members' department text, and the
// redirects sent to its name before units existed.
void UpsertDepartment(pqxx::transaction_base& tx, const std::string& id,
                      const std::string& display_name, const std::optional<std::string>& head_id,
                      const std::optional<std::string>& event_time);
void MarkDepartmentDeleted(pqxx::transaction_base& tx, const std::string& id,
                           const std::optional<std::string>& event_time);
// A live unit planning knows.
bool DepartmentExists(pqxx::transaction_base& tx, const std::string& id);

// One curator term of registry's (crm.events.v1.CuratorTerm), by ids.
struct CuratorTermRow {
  std::string id;
  std::string client_id;
  std::string project_id;
  std::optional<std::string> contact_person_id;  // nullopt: the client as a whole
  std::string employee_id;
  std::string start_time;  // RFC 3339
};
// curator.assigned and each term of curators.reassigned: the term is current and replaces the
// earlier ones of its client, project and contact person (or arrives replaced by a later one).
void ApplyCuratorTerm(pqxx::transaction_base& tx, const CuratorTermRow& term);
// curator.ended.
void EndCuratorTerm(pqxx::transaction_base& tx, const CuratorTermRow& term);
// The employees curating the client now, in any project.
std::vector<std::string> CurrentCurators(pqxx::transaction_base& tx, const std::string& client_id);

}  // namespace crm::planning::store
