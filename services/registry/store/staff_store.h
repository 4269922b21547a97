#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"
#include "services/registry/domain/staff_rules.h"
#include "services/registry/store/page.h"

// Edits of the staff directory and the curators, inside the caller's transaction; `actor` is the
// principal subject recorded as author.
namespace crm::registry {

std::optional<v1::Employee> FindEmployee(pqxx::transaction_base& tx, const std::string& id);
// The employee locked against edits until the transaction ends.
std::optional<v1::Employee> LockEmployee(pqxx::transaction_base& tx, const std::string& id);
// The employee, kept from being edited or leaving until the transaction ends; other readers
// sharing the lock proceed.
std::optional<v1::Employee> ShareLockEmployee(pqxx::transaction_base& tx, const std::string& id);
// Writes the editable fields (full_name, email, roles) and bumps the version.
// Throws pqxx::unique_violation when the e-mail is another employee's.
v1::Employee UpdateEmployeeRecord(pqxx::transaction_base& tx, const std::string& id,
                                  const v1::Employee& employee, const std::string& actor);
v1::Employee MarkEmployeeLeft(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& actor);

// Does the employee curate the client now, in any project? The access rule "a manager edits the
// clients they curate" asks exactly this.
bool CuratesClient(pqxx::transaction_base& tx, const std::string& employee_id,
                   const std::string& client_id);

// The ids of the employees curating the client now, in any project.
std::vector<std::string> CurrentCuratorEmployees(pqxx::transaction_base& tx,
                                                 const std::string& client_id);

bool IsContactPersonOf(pqxx::transaction_base& tx, const std::string& contact_person_id,
                       const std::string& client_id);

// The current term of the assignment's client, project and contact person, locked.
std::optional<v1::Curator> LockCurrentCurator(pqxx::transaction_base& tx,
                                              const CuratorAssignment& assignment);
v1::Curator InsertCurator(pqxx::transaction_base& tx, const std::string& id,
                          const CuratorAssignment& assignment, const std::string& actor);
std::optional<v1::Curator> LockCurator(pqxx::transaction_base& tx, const CuratorRef& ref);
// Ends a current term; `reason` is replaced or ended.
v1::Curator EndCurator(pqxx::transaction_base& tx, const std::string& curator_id,
                       const std::string& actor, v1::CuratorshipEndReason reason);

Page<v1::Curator> ListCurators(pqxx::transaction_base& tx, const CuratorList& list);
Page<v1::Curator> ListCuratorshipsOfEmployee(pqxx::transaction_base& tx,
                                             const EmployeeCuratorships& list);
long CountCurrentCuratorships(pqxx::transaction_base& tx, const std::string& employee_id);

// Ends every current term of `employee_id` and hands each to a successor, round-robin in the
// order the terms began; returns the new terms in that order. `successor_ids` must not be empty
// when the employee curates anyone.
std::vector<v1::Curator> ReassignCurators(pqxx::transaction_base& tx,
                                          const std::string& employee_id,
                                          const std::vector<std::string>& successor_ids,
                                          const std::string& actor);

}  // namespace crm::registry
