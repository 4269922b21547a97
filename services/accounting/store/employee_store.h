#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/auth/access.h"

// Accounting's copy of registry's employees: the department unit of each (the employees table,
// through store/sql/employees.sql), from which a head of sales' reach is decided.
namespace crm::accounting {

class EmployeeStore {
 public:
  // The employee's unit ("" for none) as of `event_time` (RFC 3339; nullopt applies it as the
  // latest); an older event than the one stored changes nothing.
  static void SetDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                            const std::string& department_id,
                            const std::optional<std::string>& event_time);

  // The units from this copy, read in `tx` at request time (common/auth/access.h), so a move
  // between departments counts from the moment its event is applied.
  static common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx);
};

}  // namespace crm::accounting
