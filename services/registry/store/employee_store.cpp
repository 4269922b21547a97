#include "services/registry/store/employee_store.h"

#include <google/protobuf/util/time_util.h>

#include <string_view>
#include <utility>

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "services/registry/domain/staff_rules.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kEmployeeSortColumn = 1;  // full_name

v1::Employee DecodeEmployeeRow(const pqxx::row& row) {
  v1::Employee employee;
  employee.set_name(common::ResourceName("employees", row[0].c_str()));
  employee.set_full_name(row[1].c_str());
  employee.set_email(row[2].c_str());
  employee.set_department(row[3].c_str());
  *employee.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  for (std::string& role : SplitRoles(row[5].c_str())) {
    employee.add_roles(std::move(role));
  }
  employee.set_status(
      common::api::EnumText<v1::EmployeeStatus, common::api::TextCase::kLower>::Parse(
          row[6].c_str()));
  employee.set_etag(row[7].c_str());
  *employee.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  if (!std::string_view(row[9].c_str()).empty()) {
    employee.set_department_unit(common::ResourceName("departments", row[9].c_str()));
  }
  return employee;
}

}  // namespace

v1::Employee DecodeEmployee(const pqxx::row& row) { return DecodeEmployeeRow(row); }

v1::Employee InsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Employee& employee, const std::string& actor) {
  return DecodeEmployeeRow(
      tx.exec_prepared1("employee_insert", id, employee.full_name(), employee.email(), actor));
}

std::optional<v1::Employee> FindEmployeeByEmail(pqxx::transaction_base& tx,
                                                const std::string& email) {
  return FirstOf(tx.exec_prepared("employee_by_email", email), DecodeEmployeeRow);
}

Page<v1::Employee> ListEmployees(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadPage(
      tx.exec_prepared("employees_list", AfterSort(window), AfterId(window), FetchLimit(window)),
      window, kEmployeeSortColumn, DecodeEmployeeRow);
}

}  // namespace crm::registry
