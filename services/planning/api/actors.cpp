#include "services/planning/api/actors.h"

#include "services/planning/domain/contact_rules.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning {

domain::Actor LoadActor(pqxx::transaction_base& tx, const common::auth::Principal& caller) {
  domain::Actor actor{caller, domain::CallerEmployeeId(caller), ""};
  if (actor.employee_id && caller.Has(common::auth::Role::kSalesHead)) {
    if (auto employee = store::FindEmployee(tx, *actor.employee_id)) {
      actor.department = employee->department();
    }
  }
  return actor;
}

domain::RecordOwner LoadOwner(pqxx::transaction_base& tx, const domain::Actor& actor,
                              const std::string& owner_id) {
  domain::RecordOwner owner{owner_id, ""};
  if (domain::ScopeOf(actor, domain::AccessAction::kRead) == domain::AccessScope::kDepartment) {
    if (auto employee = store::FindEmployee(tx, owner_id)) {
      owner.department = employee->department();
    }
  }
  return owner;
}

void CheckOwnerAccess(pqxx::transaction_base& tx, const domain::Actor& actor,
                      domain::AccessAction action, const std::string& owner_id) {
  domain::CheckAccess(actor, action, LoadOwner(tx, actor, owner_id));
}

}  // namespace crm::planning
