#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"
#include "services/registry/domain/staff_org_rules.h"
#include "services/registry/store/page.h"

// Departments and project teams, inside the caller's transaction; `actor` is the principal
// subject recorded as author.
namespace crm::registry {

// Throws pqxx::unique_violation when a live department's name is taken.
v1::Department InsertDepartment(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Department& department, const std::string& actor);
std::optional<v1::Department> FindDepartment(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Department> LockDepartment(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Department> FindLiveDepartmentByName(pqxx::transaction_base& tx,
                                                       const std::string& display_name);
// Writes display_name and head; the members' department text is read from it. Throws
// pqxx::unique_violation when another live department has the name.
v1::Department UpdateDepartmentRecord(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::Department& department, const std::string& actor);
v1::Department MarkDepartmentDeleted(pqxx::transaction_base& tx, const std::string& id,
                                     const std::string& actor);
Page<v1::Department> ListDepartments(pqxx::transaction_base& tx, const ListWindow& window);

// `department_id` "" takes the employee out of every department.
v1::Employee SetEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                                   const std::string& department_id, const std::string& actor);
Page<v1::Employee> ListDepartmentMembers(pqxx::transaction_base& tx,
                                         const DepartmentMemberList& list);

// The member after the change and their role before it ("" when they just joined).
std::pair<v1::ProjectTeamMember, std::string> SetProjectTeamMember(pqxx::transaction_base& tx,
                                                                   const TeamMemberChange& change,
                                                                   const std::string& actor);
std::optional<v1::ProjectTeamMember> RemoveProjectTeamMember(pqxx::transaction_base& tx,
                                                             const TeamMemberRef& ref);
Page<v1::ProjectTeamMember> ListProjectTeamMembers(pqxx::transaction_base& tx,
                                                   const TeamMemberList& list);

}  // namespace crm::registry
