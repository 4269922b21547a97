#include "services/registry/app/verification_queue.h"

#include <string>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/verification.h"
#include "services/registry/events/published.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

// The item a replayed request opened.
v1::VerificationItem OpenedItem(pqxx::transaction_base& tx, const std::string& name) {
  return common::api::Found(
      FindVerificationItem(tx, common::ParseResourceId(name, "verificationItems").value()), name);
}

}  // namespace

v1::Client VerifyClient(common::db::Pool& pool, const Principal& caller,
                        const VerificationDecision& decision) {
  return pool.InTransaction([&](pqxx::work& tx) {
    LockLiveClient(tx, decision.client_id, decision.etag);
    ClientVerification verification = ReadClientVerification(tx, decision.client_id);
    verification.state = Verify(verification.state, verification.has_open_items);
    if (decision.postal_address_confirmed) {
      verification.postal_address_valid = true;
    }
    WriteClientVerification(tx, decision.client_id, verification, caller.subject);
    ResolveVerificationItems(tx, decision.client_id, "VERIFIED", decision.comment, caller.subject);
    v1::Client verified = RecordClientChange(tx, decision.client_id, "verified", caller);
    common::bus::EnqueueEvent(tx, events::v1::kClientVerified, verified.name(),
                              ClientVerifiedEvent(verified, caller.subject, decision.comment,
                                                  decision.postal_address_confirmed));
    return verified;
  });
}

v1::Client RejectClient(common::db::Pool& pool, const Principal& caller,
                        const VerificationDecision& decision) {
  return pool.InTransaction([&](pqxx::work& tx) {
    LockLiveClient(tx, decision.client_id, decision.etag);
    ClientVerification verification = ReadClientVerification(tx, decision.client_id);
    verification.state = Reject(verification.state, verification.has_open_items);
    WriteClientVerification(tx, decision.client_id, verification, caller.subject);
    ResolveVerificationItems(tx, decision.client_id, "REJECTED", decision.comment, caller.subject);
    v1::Client rejected = RecordClientChange(tx, decision.client_id, "rejected", caller);
    common::bus::EnqueueEvent(tx, events::v1::kClientRejected, rejected.name(),
                              ClientRejectedEvent(rejected, caller.subject, decision.comment));
    return rejected;
  });
}

v1::VerificationItem FlagClient(common::db::Pool& pool, const Principal& caller,
                                const common::api::IdempotencyKey& key,
                                const NewVerificationItem& input) {
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        const v1::Client client = LockLiveClient(tx, input.client_id, "");
        ClientVerification verification = ReadClientVerification(tx, input.client_id);
        verification.state = Flag(verification.state);
        WriteClientVerification(tx, input.client_id, verification, caller.subject);
        v1::VerificationItem item =
            OpenVerificationItem(tx, client, "FLAGGED_BY_MANAGER", input, caller.subject);
        RecordClientChange(tx, input.client_id, "flagged", caller, input.request_id);
        common::bus::EnqueueEvent(tx, events::v1::kClientFlagged, item.client(),
                                  ClientFlaggedEvent(item, caller.subject));
        return item;
      },
      OpenedItem);
}

v1::VerificationItem MarkPostalAddressInvalid(common::db::Pool& pool, const Principal& caller,
                                              const common::api::IdempotencyKey& key,
                                              const NewVerificationItem& input) {
  return common::api::CreateOnce(
      pool, key, [&](pqxx::work& tx) { return InvalidatePostalAddress(tx, input, caller); },
      OpenedItem);
}

v1::VerificationItem InvalidatePostalAddress(pqxx::transaction_base& tx,
                                             const NewVerificationItem& input,
                                             const Principal& caller) {
  const v1::Client client = LockLiveClient(tx, input.client_id, "");
  ClientVerification verification = ReadClientVerification(tx, input.client_id);
  verification.postal_address_valid = false;
  WriteClientVerification(tx, input.client_id, verification, caller.subject);
  v1::VerificationItem item =
      OpenVerificationItem(tx, client, "RETURNED_MAIL", input, caller.subject);
  RecordClientChange(tx, input.client_id, "postal_address_invalidated", caller, input.request_id);
  common::bus::EnqueueEvent(tx, events::v1::kClientPostalAddressInvalidated, item.client(),
                            ClientPostalAddressInvalidatedEvent(item, caller.subject));
  return item;
}

}  // namespace crm::registry::app
