#include "services/planning/domain/access.h"

#include "common/core/errors.h"

namespace crm::planning::domain {
namespace {

using common::auth::Role;

bool Owns(const Actor& actor, const RecordOwner& owner) {
  return actor.employee_id && *actor.employee_id == owner.employee_id;
}

bool SameDepartment(const Actor& actor, const RecordOwner& owner) {
  return !actor.department.empty() && actor.department == owner.department;
}

}  // namespace

AccessScope ScopeOf(const Actor& actor, AccessAction action) {
  const auto& p = actor.principal;
  if (p.Has(Role::kAdmin)) {
    return AccessScope::kAll;
  }
  if (p.Has(Role::kSalesHead)) {
    return AccessScope::kDepartment;
  }
  if (p.Has(Role::kSalesManager)) {
    return AccessScope::kOwn;
  }
  if (action == AccessAction::kRead && p.HasAny({Role::kAnalyst, Role::kService})) {
    return AccessScope::kAll;
  }
  return AccessScope::kNone;
}

bool MayAccess(const Actor& actor, AccessAction action, const RecordOwner& owner) {
  switch (ScopeOf(actor, action)) {
    case AccessScope::kAll:
      return true;
    case AccessScope::kDepartment:
      return Owns(actor, owner) || SameDepartment(actor, owner);
    case AccessScope::kOwn:
      return Owns(actor, owner);
    case AccessScope::kNone:
      break;
  }
  return false;
}

void CheckAccess(const Actor& actor, AccessAction action, const RecordOwner& owner) {
  if (MayAccess(actor, action, owner)) {
    return;
  }
  const bool read = action == AccessAction::kRead;
  switch (ScopeOf(actor, action)) {
    case AccessScope::kOwn:
      throw common::PermissionError(std::string("a sales manager may ") +
                                    (read ? "see" : "change") + " only their own tasks");
    case AccessScope::kDepartment:
      throw common::PermissionError(std::string("a head of sales may ") +
                                    (read ? "see" : "change") +
                                    " only the tasks of their own department");
    case AccessScope::kAll:
    case AccessScope::kNone:
      break;
  }
  throw common::PermissionError(read ? "this role has no access to planning tasks"
                                     : "this role may not change planning tasks");
}

ListScope ReadScope(const Actor& actor) {
  switch (ScopeOf(actor, AccessAction::kRead)) {
    case AccessScope::kAll:
      return {.all = true, .owner_id = std::nullopt, .department = std::nullopt};
    case AccessScope::kDepartment: {
      ListScope scope{.all = false, .owner_id = actor.employee_id, .department = std::nullopt};
      if (!actor.department.empty()) {
        scope.department = actor.department;
      }
      if (scope.owner_id || scope.department) {
        return scope;
      }
      break;
    }
    case AccessScope::kOwn:
      if (actor.employee_id) {
        return {.all = false, .owner_id = actor.employee_id, .department = std::nullopt};
      }
      break;
    case AccessScope::kNone:
      break;
  }
  throw common::PermissionError("this role has no access to planning tasks");
}

ListScope SaleReadScope(const Actor& actor) {
  if (actor.principal.Has(Role::kAccountant)) {
    return {.all = true, .owner_id = std::nullopt, .department = std::nullopt};
  }
  return ReadScope(actor);
}

void CheckSaleRead(const Actor& actor, const RecordOwner& manager) {
  if (actor.principal.Has(Role::kAccountant) || MayAccess(actor, AccessAction::kRead, manager)) {
    return;
  }
  switch (ScopeOf(actor, AccessAction::kRead)) {
    case AccessScope::kOwn:
      throw common::PermissionError("a sales manager may see only their own sales");
    case AccessScope::kDepartment:
      throw common::PermissionError("a head of sales may see only the sales of their department");
    case AccessScope::kAll:
    case AccessScope::kNone:
      break;
  }
  throw common::PermissionError("this role has no access to sales");
}

}  // namespace crm::planning::domain
