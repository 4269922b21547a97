#pragma once

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/validation.h"

// Editing, deleting and undeleting a client (UpdateClient, DeleteClient, UndeleteClient). Each is
// one transaction on the client locked at the caller's etag, with a history version and the event
// in the outbox.
namespace crm::registry::app {

// Applies the fields `update.paths` of `changes` to the live client, after the caller's right to
// change them (domain/client_access.h) and the head client of a branch are checked; enqueues
// client.updated. A change to INN and KPP that another client holds is AlreadyExistsError naming
// that client.
v1::Client UpdateClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const ClientUpdate& update, const v1::Client& changes);

// Marks the client deleted (FAILED_PRECONDITION CLIENT_ALREADY_DELETED when it is); enqueues
// client.deleted.
v1::Client DeleteClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const ClientDeletion& deletion);

// Restores the deleted client `id` (named `name`; FAILED_PRECONDITION CLIENT_NOT_DELETED when it
// is live); enqueues client.undeleted.
v1::Client UndeleteClient(common::db::Pool& pool, const common::auth::Principal& caller,
                          const std::string& id, const std::string& name);

}  // namespace crm::registry::app
