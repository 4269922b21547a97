#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/db/row.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/store/page.h"

// The staff directory, inside the caller's transaction.
namespace crm::registry {

// Throws pqxx::unique_violation when the e-mail (in any letter case) is taken.
v1::Employee InsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Employee& employee, const std::string& actor);
std::optional<v1::Employee> FindEmployeeByEmail(pqxx::transaction_base& tx,
                                                const std::string& email);
Page<v1::Employee> ListEmployees(pqxx::transaction_base& tx, const ListWindow& window);

// An employee from a row of any statement of store/sql/employees.sql (they all return the same
// columns).
v1::Employee DecodeEmployee(const common::db::Row& row);

}  // namespace crm::registry
