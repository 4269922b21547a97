#include "services/registry/store/staff_store.h"

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "services/registry/store/employee_store.h"

namespace crm::registry {
namespace {

using common::db::Row;

// The stored text of why a curatorship ended: "replaced", "ended", "employee_left".
using EndReasonText =
    common::api::EnumText<v1::CuratorshipEndReason, common::api::TextCase::kLower>;

// A row of any statement of store/sql/curators.sql that returns terms.
v1::Curator DecodeCurator(const Row& row) {
  v1::Curator curator;
  const std::string client_id = row.Text("client_id");
  curator.set_name(CuratorName(client_id, row.Text("id")));
  curator.set_client(common::ResourceName("clients", client_id));
  curator.set_project(common::ResourceName("projects", row.Text("project_id")));
  const std::string contact_person_id = row.Text("contact_person_id");
  if (!contact_person_id.empty()) {
    curator.set_contact_person(curator.client() + "/" +
                               common::ResourceName("contactPersons", contact_person_id));
  }
  curator.set_employee(common::ResourceName("employees", row.Text("employee_id")));
  *curator.mutable_start_time() = row.TimeFromMicros("started_us");
  curator.set_assigned_by(row.Text("assigned_by"));
  if (auto ended = row.OptionalTimeFromMicros("ended_us")) {
    *curator.mutable_end_time() = *ended;
  }
  curator.set_ended_by(row.Text("ended_by"));
  curator.set_end_reason(EndReasonText::Parse(row.Text("end_reason")));
  return curator;
}

}  // namespace

std::optional<v1::Employee> FindEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("employee_get", id), DecodeEmployee);
}

std::optional<v1::Employee> LockEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("employee_get_for_update", id), DecodeEmployee);
}

std::optional<v1::Employee> ShareLockEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("employee_get_for_share", id), DecodeEmployee);
}

v1::Employee UpdateEmployeeRecord(pqxx::transaction_base& tx, const std::string& id,
                                  const v1::Employee& employee, const std::string& actor) {
  return DecodeEmployee(
      Row(tx.exec_prepared1("employee_update", id, employee.full_name(), employee.email(),
                            JoinRoles(employee.roles()), actor)));
}

v1::Employee MarkEmployeeLeft(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& actor) {
  return DecodeEmployee(Row(tx.exec_prepared1("employee_mark_left", id, actor)));
}

bool CuratesClient(pqxx::transaction_base& tx, const std::string& employee_id,
                   const std::string& client_id) {
  return Row(tx.exec_prepared1("curator_curates_client", employee_id, client_id)).Bool("curates");
}

std::vector<std::string> CurrentCuratorEmployees(pqxx::transaction_base& tx,
                                                 const std::string& client_id) {
  std::vector<std::string> ids;
  for (const pqxx::row& row : tx.exec_prepared("client_current_curator_employees", client_id)) {
    ids.push_back(Row(row).Text("employee_id"));
  }
  return ids;
}

bool IsContactPersonOf(pqxx::transaction_base& tx, const std::string& contact_person_id,
                       const std::string& client_id) {
  return Row(tx.exec_prepared1("contact_person_of_client", contact_person_id, client_id))
      .Bool("belongs");
}

std::optional<v1::Curator> LockCurrentCurator(pqxx::transaction_base& tx,
                                              const CuratorAssignment& assignment) {
  return FirstRowOf(tx.exec_prepared("curator_current_for_update", assignment.client_id,
                                     assignment.project_id, assignment.contact_person_id),
                    DecodeCurator);
}

v1::Curator InsertCurator(pqxx::transaction_base& tx, const std::string& id,
                          const CuratorAssignment& assignment, const std::string& actor) {
  return DecodeCurator(
      Row(tx.exec_prepared1("curator_insert", id, assignment.client_id, assignment.project_id,
                            assignment.contact_person_id, assignment.employee_id, actor)));
}

std::optional<v1::Curator> LockCurator(pqxx::transaction_base& tx, const CuratorRef& ref) {
  return FirstRowOf(tx.exec_prepared("curator_get_for_update", ref.curator_id, ref.client_id),
                    DecodeCurator);
}

v1::Curator EndCurator(pqxx::transaction_base& tx, const std::string& curator_id,
                       const std::string& actor, v1::CuratorshipEndReason reason) {
  return DecodeCurator(
      Row(tx.exec_prepared1("curator_end", curator_id, actor, EndReasonText::Of(reason))));
}

Page<v1::Curator> ListCurators(pqxx::transaction_base& tx, const CuratorList& list) {
  const char* statement =
      list.show_history ? "curators_all_of_client" : "curators_current_of_client";
  return ReadPageByName(tx.exec_prepared(statement, list.client_id, AfterSort(list.window, "0"),
                                         FetchLimit(list.window)),
                        list.window, "seq", DecodeCurator);
}

Page<v1::Curator> ListCuratorshipsOfEmployee(pqxx::transaction_base& tx,
                                             const EmployeeCuratorships& list) {
  return ReadPageByName(tx.exec_prepared("curators_current_of_employee", list.employee_id,
                                         AfterSort(list.window, "0"), FetchLimit(list.window)),
                        list.window, "seq", DecodeCurator);
}

long CountCurrentCuratorships(pqxx::transaction_base& tx, const std::string& employee_id) {
  return static_cast<long>(Row(tx.exec_prepared1("curators_count_current_of_employee", employee_id))
                               .Int64("current_terms"));
}

std::vector<v1::Curator> ReassignCurators(pqxx::transaction_base& tx,
                                          const std::string& employee_id,
                                          const std::vector<std::string>& successor_ids,
                                          const std::string& actor) {
  std::vector<v1::Curator> moved;
  for (const pqxx::row& row : tx.exec_prepared("curators_reassign", employee_id,
                                               common::db::ArrayLiteral(successor_ids), actor)) {
    moved.push_back(DecodeCurator(Row(row)));
  }
  return moved;
}

}  // namespace crm::registry
