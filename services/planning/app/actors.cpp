#include "services/planning/app/actors.h"

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning::app {

common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx) {
  return [&tx](const std::string& employee_id) {
    return store::FindEmployeeDepartment(tx, employee_id);
  };
}

common::auth::Actor LoadActor(pqxx::transaction_base& tx, const common::auth::Principal& caller) {
  return common::auth::ActorOf(caller, Departments(tx));
}

void CheckOwnerAccess(pqxx::transaction_base& tx, const common::auth::Actor& actor,
                      common::auth::Records records, common::auth::Action action,
                      const std::string& owner_id) {
  // The actor's own record: their department is the one LoadActor looked up in this transaction.
  const auto department_of = [&](const std::string& employee_id) {
    return actor.employee_id == employee_id ? actor.department_id
                                            : store::FindEmployeeDepartment(tx, employee_id);
  };
  common::auth::CheckAccess(
      actor, records, action,
      common::auth::OwnerOf(common::ResourceName("employees", owner_id), department_of));
}

void CheckClientWrite(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                      const std::string& client_id) {
  common::auth::CheckAccess(common::auth::ActorOf(caller), common::auth::Records::kClients,
                            common::auth::Action::kWrite,
                            {"", "", store::CurrentCurators(tx, client_id)});
}

v1::Contact ReadableContact(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                            const std::string& id, const std::string& name) {
  auto row = store::FindContact(tx, id);
  if (!row) {
    throw common::NotFoundError(name);
  }
  CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                   common::auth::Action::kRead, row->owner_id);
  return row->contact;
}

}  // namespace crm::planning::app
