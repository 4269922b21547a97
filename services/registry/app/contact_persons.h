#pragma once

#include <string_view>

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/validation.h"

// A client's contact persons: creating, editing, deleting and undeleting one. Each is one
// transaction that checks the caller may change the client's contact persons
// (domain/client_access.h) and enqueues its event. A second primary contact person of a client is
// FAILED_PRECONDITION PRIMARY_CONTACT_EXISTS. Each records the person's version
// (app/resource_history.h).
namespace crm::registry::app {

// Once per `key`: inserts `input.contact_person` for its client and enqueues
// contact_person.created. A replay returns the caller's earlier contact person.
v1::ContactPerson CreateContactPerson(common::db::Pool& pool, const common::auth::Principal& caller,
                                      const common::api::IdempotencyKey& key,
                                      const NewContactPerson& input);

// Applies the fields `update.paths` of `changes` to the live person at the caller's etag;
// records the version as `change` (app::kUpdated, or app::kRestored for RestoreResourceVersion)
// and enqueues contact_person.updated.
v1::ContactPerson UpdateContactPerson(common::db::Pool& pool, const common::auth::Principal& caller,
                                      const ContactPersonUpdate& update,
                                      const v1::ContactPerson& changes, std::string_view change);

// Marks the person deleted (CONTACT_PERSON_ALREADY_DELETED when it is); enqueues
// contact_person.deleted.
v1::ContactPerson DeleteContactPerson(common::db::Pool& pool, const common::auth::Principal& caller,
                                      const ContactPersonDeletion& deletion);

// Restores the deleted person (CONTACT_PERSON_NOT_DELETED when it is live); enqueues
// contact_person.undeleted.
v1::ContactPerson UndeleteContactPerson(common::db::Pool& pool,
                                        const common::auth::Principal& caller,
                                        const ContactPersonRef& ref);

}  // namespace crm::registry::app
