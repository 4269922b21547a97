#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/auth.h"

// The one rule of who reaches which records, for every service: a sales manager their own, a head
// of sales their department's, a manager the clients they curate, keepers of the base and admins
// everything — per kind of record, by the caller's roles (the table is in access.cpp).
//
// "Own" and "department" mean the same everywhere: the caller's employee id comes from the
// token's subject, parsed once here into canonical lower case; the department is the caller's
// department unit (registry's departments, by id), which each service reads from its own
// projection of registry's employees. Pure: the services look up departments and curators and
// ask these functions.
namespace crm::common::auth {

// The employee id of "employees/{uuid}" in canonical lower case; nullopt for anything else (a
// service's subject, a malformed name). Token subjects and record owners go through this, so
// "employees/ABC…" and "employees/abc…" are one person.
std::optional<std::string> EmployeeIdOf(std::string_view name);

// kCreate is entering a new record of the kind; the record it makes has no owner yet or is the
// creator's (a new client has no curator), so the scope answers only "may this role create".
enum class Action { kRead, kWrite, kCreate };

// How far a caller reaches, narrowest first.
enum class Scope {
  kNone,        // nothing
  kOwn,         // records they own
  kCurator,     // records of the clients they curate now
  kDepartment,  // records owned by members of their department unit, and their own
  kAll,         // every record
};

// The kinds of records the rule knows, each with its own row per role.
enum class Records {
  kTasks,      // planning: contacts in the calendar, their results, reminders, contact figures
  kSales,      // planning's sales: as tasks, and accountants read every sale
  kDocuments,  // a sale's documents (owner: the sale's manager)
  kReports,    // analytics: a manager's figures
  kClients,    // what sales staff write about a client (registry's client edits, planning's
               // readiness, lead source and ratings): managers for the clients they curate; and
               // who enters new clients (registry's CreateClient)
  kBudgets,    // accounting's project budgets: an edition's plan, the costs entered, plan vs fact
  // analytics' sales plans: an edition's, a department's and a manager's, and plan vs fact
  kSalesPlans,
  kForecasts,  // analytics: an edition's sales forecast, its backtest and the imported history
};

// The caller as the rule sees them.
struct Actor {
  Principal principal;
  std::optional<std::string> employee_id;  // EmployeeIdOf(principal.subject)
  std::string department_id;               // their department unit's id; "" for none or unknown
};

// A service's projection of registry's employees: the department unit of an employee id ("" for
// none or unknown).
using DepartmentLookup = std::function<std::string(const std::string& employee_id)>;

// The actor of `principal`; their department is looked up when their subject is an employee.
Actor ActorOf(const Principal& principal, const DepartmentLookup& department_of = nullptr);

// Whom a record belongs to.
struct RecordOwner {
  std::string employee_id;               // canonical; "" for nobody
  std::string department_id;             // the owner's department unit; "" for none or unknown
  std::vector<std::string> curator_ids;  // client records: the employees curating it now
};

// The owner "employees/{uuid}" (any letter case; "" or another name owns nothing) with their
// department looked up.
RecordOwner OwnerOf(std::string_view owner_name, const DepartmentLookup& department_of);

// The widest reach any of the actor's roles gives for `action` on `records`.
Scope ScopeOf(const Actor& actor, Records records, Action action);

// Whether `scope` covers a record of `owner` for this actor. A department reach needs both
// departments known and equal; an unknown department reaches nobody else's records.
bool Reaches(const Actor& actor, Scope scope, const RecordOwner& owner);

bool MayAccess(const Actor& actor, Records records, Action action, const RecordOwner& owner);

// Throws common::PermissionError naming the rule that denied (e.g. "a head of sales may see only
// the sales of their own department") unless MayAccess.
void CheckAccess(const Actor& actor, Records records, Action action, const RecordOwner& owner);

// The filter a list applies: every record, or the actor's own plus (for a department reach)
// those of their department's members. Throws PermissionError when the actor reads nothing.
struct ListScope {
  bool all = false;
  std::optional<std::string> owner_id;       // records of this owner
  std::optional<std::string> department_id;  // or of this department's members
};
ListScope ReadScope(const Actor& actor, Records records);

}  // namespace crm::common::auth
