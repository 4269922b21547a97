#pragma once

#include <pqxx/pqxx>

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/quality_validation.h"

// The analysts' verification queue: what puts a client in it (FlagClient, returned mail) and the
// decisions that take it out (VerifyClient, RejectClient). Each is one transaction on the live
// client, with the state change decided by domain/verification.h, a history version and the
// event in the outbox.
namespace crm::registry::app {

// Verifies the client `decision` names at the etag it carries (domain Verify), confirms its
// postal address when asked, resolves its open items and enqueues client.verified.
v1::Client VerifyClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const VerificationDecision& decision);

// Rejects the client (domain Reject), resolves its open items and enqueues client.rejected.
v1::Client RejectClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const VerificationDecision& decision);

// Once per `key`: flags the client for an analyst (domain Flag), opens an item
// FLAGGED_BY_MANAGER and enqueues client.flagged. A replay returns the item it opened.
v1::VerificationItem FlagClient(common::db::Pool& pool, const common::auth::Principal& caller,
                                const common::api::IdempotencyKey& key,
                                const NewVerificationItem& input);

// Once per `key`: InvalidatePostalAddress in its own transaction. A replay returns the item it
// opened.
v1::VerificationItem MarkPostalAddressInvalid(common::db::Pool& pool,
                                              const common::auth::Principal& caller,
                                              const common::api::IdempotencyKey& key,
                                              const NewVerificationItem& input);

// Within the caller's transaction (MarkPostalAddressInvalid's, or the mailing flow's returned
// mail): the live client's postal address marked invalid, an item in the analysts' queue
// (RETURNED_MAIL), a history version and the event. Throws pqxx::unique_violation when the
// item's returned-mail key is taken.
v1::VerificationItem InvalidatePostalAddress(pqxx::transaction_base& tx,
                                             const NewVerificationItem& input,
                                             const common::auth::Principal& caller);

}  // namespace crm::registry::app
