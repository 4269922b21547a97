#pragma once

#include <string>

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"

// Creating a client (CreateClient), with its duplicate checks.
namespace crm::registry::app {

// Once per `key` (the caller's request as sent): refuses a client whose INN and KPP another
// client has (AlreadyExistsError naming it), checks the head client of a branch, inserts the client
// in the verification state its creator gives it (domain/verification.h) with its first history
// version, puts it in the analysts' queue when it waits for verification, and enqueues
// client.created. `client` is validated; `request_id` is the request's, kept in the history. A
// replay returns the caller's earlier client.
v1::Client CreateClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const common::api::IdempotencyKey& key, const v1::Client& client,
                        const std::string& request_id);

}  // namespace crm::registry::app
