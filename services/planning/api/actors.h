#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "services/planning/domain/access.h"

// The inputs of domain/access.h looked up in the employees projection: the caller's and a
// record owner's department. Every planning API checks access through these and domain::Check*.
namespace crm::planning {

// The caller with their employee id and, for a head of sales, their department.
domain::Actor LoadActor(pqxx::transaction_base& tx, const common::auth::Principal& caller);

// A record's owner; the department is looked up only when the actor's scope needs it.
domain::RecordOwner LoadOwner(pqxx::transaction_base& tx, const domain::Actor& actor,
                              const std::string& owner_id);

// LoadOwner + domain::CheckAccess.
void CheckOwnerAccess(pqxx::transaction_base& tx, const domain::Actor& actor,
                      domain::AccessAction action, const std::string& owner_id);

}  // namespace crm::planning
