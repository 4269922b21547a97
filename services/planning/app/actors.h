#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/auth/access.h"
#include "crm/planning/v1/planning.pb.h"

// The inputs of the shared access rule (common/auth/access.h) read from planning's projection of
// registry's employees: the caller's and a record owner's department unit. Every planning API
// checks access through these and common::auth::CheckAccess.
namespace crm::planning::app {

// Department units as planning's employees projection knows them.
common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx);

// The caller with their employee id and department unit ("" when planning knows none).
common::auth::Actor LoadActor(pqxx::transaction_base& tx, const common::auth::Principal& caller);

// common::auth::CheckAccess on a record owned by `owner_id` (a canonical employee id), with the
// owner's department unit from planning's projection. `actor` is LoadActor's in `tx`: for a
// record of the actor's own, the department looked up with the actor is the owner's (no second
// look-up).
void CheckOwnerAccess(pqxx::transaction_base& tx, const common::auth::Actor& actor,
                      common::auth::Records records, common::auth::Action action,
                      const std::string& owner_id);

// The shared rule for what sales staff write about a client (common::auth::Records::kClients): a
// sales manager for the clients they curate now (curators projection), heads of sales, analysts
// and admins for any. Throws common::PermissionError.
void CheckClientWrite(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                      const std::string& client_id);

// The contact `id` (named `name`) as the caller may read it. Throws NotFoundError naming `name`,
// or PermissionError.
v1::Contact ReadableContact(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                            const std::string& id, const std::string& name);

}  // namespace crm::planning::app
