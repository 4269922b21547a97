#include "services/registry/store/staff_store.h"

#include <google/protobuf/util/time_util.h>

#include <string_view>

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "services/registry/store/employee_store.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kCuratorSortColumn = 1;  // seq

// The stored text of why a curatorship ended: "replaced", "ended", "employee_left".
using EndReasonText =
    common::api::EnumText<v1::CuratorshipEndReason, common::api::TextCase::kLower>;

v1::Curator DecodeCurator(const pqxx::row& row) {
  v1::Curator curator;
  const std::string client_id = row[2].c_str();
  curator.set_name(CuratorName(client_id, row[0].c_str()));
  curator.set_client(common::ResourceName("clients", client_id));
  curator.set_project(common::ResourceName("projects", row[3].c_str()));
  if (!std::string_view(row[4].c_str()).empty()) {
    curator.set_contact_person(curator.client() + "/" +
                               common::ResourceName("contactPersons", row[4].c_str()));
  }
  curator.set_employee(common::ResourceName("employees", row[5].c_str()));
  *curator.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  curator.set_assigned_by(row[7].c_str());
  if (!row[8].is_null()) {
    *curator.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  }
  curator.set_ended_by(row[9].c_str());
  curator.set_end_reason(EndReasonText::Parse(row[10].c_str()));
  return curator;
}

// A uuid[] parameter in PostgreSQL's array text form; UUIDs need no quoting.
std::string UuidArray(const std::vector<std::string>& ids) {
  std::string text = "{";
  for (const std::string& id : ids) {
    if (text.size() > 1) {
      text += ',';
    }
    text += id;
  }
  return text + "}";
}

}  // namespace

std::optional<v1::Employee> FindEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("employee_get", id), DecodeEmployee);
}

std::optional<v1::Employee> LockEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("employee_get_for_update", id), DecodeEmployee);
}

std::optional<v1::Employee> ShareLockEmployee(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("employee_get_for_share", id), DecodeEmployee);
}

v1::Employee UpdateEmployeeRecord(pqxx::transaction_base& tx, const std::string& id,
                                  const v1::Employee& employee, const std::string& actor) {
  return DecodeEmployee(tx.exec_prepared1("employee_update", id, employee.full_name(),
                                          employee.email(), JoinRoles(employee.roles()), actor));
}

v1::Employee MarkEmployeeLeft(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& actor) {
  return DecodeEmployee(tx.exec_prepared1("employee_mark_left", id, actor));
}

bool CuratesClient(pqxx::transaction_base& tx, const std::string& employee_id,
                   const std::string& client_id) {
  return tx.exec_prepared1("curator_curates_client", employee_id, client_id)[0].as<bool>();
}

std::vector<std::string> CurrentCuratorEmployees(pqxx::transaction_base& tx,
                                                 const std::string& client_id) {
  std::vector<std::string> ids;
  for (const auto& row : tx.exec_prepared("client_current_curator_employees", client_id)) {
    ids.emplace_back(row[0].c_str());
  }
  return ids;
}

bool IsContactPersonOf(pqxx::transaction_base& tx, const std::string& contact_person_id,
                       const std::string& client_id) {
  return tx.exec_prepared1("contact_person_of_client", contact_person_id, client_id)[0].as<bool>();
}

std::optional<v1::Curator> LockCurrentCurator(pqxx::transaction_base& tx,
                                              const CuratorAssignment& assignment) {
  return FirstOf(tx.exec_prepared("curator_current_for_update", assignment.client_id,
                                  assignment.project_id, assignment.contact_person_id),
                 DecodeCurator);
}

v1::Curator InsertCurator(pqxx::transaction_base& tx, const std::string& id,
                          const CuratorAssignment& assignment, const std::string& actor) {
  return DecodeCurator(tx.exec_prepared1("curator_insert", id, assignment.client_id,
                                         assignment.project_id, assignment.contact_person_id,
                                         assignment.employee_id, actor));
}

std::optional<v1::Curator> LockCurator(pqxx::transaction_base& tx, const CuratorRef& ref) {
  return FirstOf(tx.exec_prepared("curator_get_for_update", ref.curator_id, ref.client_id),
                 DecodeCurator);
}

v1::Curator EndCurator(pqxx::transaction_base& tx, const std::string& curator_id,
                       const std::string& actor, v1::CuratorshipEndReason reason) {
  return DecodeCurator(
      tx.exec_prepared1("curator_end", curator_id, actor, EndReasonText::Of(reason)));
}

Page<v1::Curator> ListCurators(pqxx::transaction_base& tx, const CuratorList& list) {
  const char* statement =
      list.show_history ? "curators_all_of_client" : "curators_current_of_client";
  return ReadPage(tx.exec_prepared(statement, list.client_id, AfterSort(list.window, "0"),
                                   FetchLimit(list.window)),
                  list.window, kCuratorSortColumn, DecodeCurator);
}

Page<v1::Curator> ListCuratorshipsOfEmployee(pqxx::transaction_base& tx,
                                             const EmployeeCuratorships& list) {
  return ReadPage(tx.exec_prepared("curators_current_of_employee", list.employee_id,
                                   AfterSort(list.window, "0"), FetchLimit(list.window)),
                  list.window, kCuratorSortColumn, DecodeCurator);
}

long CountCurrentCuratorships(pqxx::transaction_base& tx, const std::string& employee_id) {
  return tx.exec_prepared1("curators_count_current_of_employee", employee_id)[0].as<long>();
}

std::vector<v1::Curator> ReassignCurators(pqxx::transaction_base& tx,
                                          const std::string& employee_id,
                                          const std::vector<std::string>& successor_ids,
                                          const std::string& actor) {
  std::vector<v1::Curator> moved;
  for (const pqxx::row& row :
       tx.exec_prepared("curators_reassign", employee_id, UuidArray(successor_ids), actor)) {
    moved.push_back(DecodeCurator(row));
  }
  return moved;
}

}  // namespace crm::registry
