#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/auth/auth.h"

// Who may see and change which planning records (tasks, calendar views, reminders, and the
// results and sales recorded on them). The one place the rule lives:
//
//   - a sales manager sees and changes their own records;
//   - a head of sales sees and changes their department's records (the department of the
//     owner's employee record in the registry projection) and their own;
//   - an analyst reads everything and changes nothing;
//   - an admin, and other company systems (service role) for reading, see everything;
//   - an accountant, or anyone else, has no access to tasks; accountants read every sale.
//
// Pure: the API layer looks up the departments (store::FindEmployee) and asks these.
namespace crm::planning::domain {

enum class AccessAction { kRead, kWrite };

// The caller as the rule needs them: their roles, their employee id (when the token's subject is
// "employees/{uuid}") and their department from the employees projection ("" when unknown).
struct Actor {
  common::auth::Principal principal;
  std::optional<std::string> employee_id;
  std::string department;
};

// The owner of a record: their employee id and department ("" when unknown).
struct RecordOwner {
  std::string employee_id;
  std::string department;
};

// How far an actor's reach goes for an action.
enum class AccessScope {
  kNone,        // nothing
  kOwn,         // records they own
  kDepartment,  // records owned by their department, and their own
  kAll,         // every record
};

AccessScope ScopeOf(const Actor& actor, AccessAction action);

// True when `actor` may perform `action` on a record of `owner`.
bool MayAccess(const Actor& actor, AccessAction action, const RecordOwner& owner);

// Throws common::PermissionError with a message naming the rule when MayAccess is false.
void CheckAccess(const Actor& actor, AccessAction action, const RecordOwner& owner);

// The filter a list query applies for an actor: every record, one owner's, or one department's
// plus the actor's own. Throws PermissionError when the actor may read nothing.
struct ListScope {
  bool all = false;
  std::optional<std::string> owner_id;    // records of this owner
  std::optional<std::string> department;  // or of this department
};
ListScope ReadScope(const Actor& actor);

// Sales follow the same rule for reading, except that accountants read every sale: they invoice
// and reconcile them.
ListScope SaleReadScope(const Actor& actor);
// Throws common::PermissionError naming the rule when `actor` may not read a sale of `manager`.
void CheckSaleRead(const Actor& actor, const RecordOwner& manager);

}  // namespace crm::planning::domain
