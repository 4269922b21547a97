#pragma once

#include <optional>
#include <string_view>

#include "common/auth/auth.h"
#include "crm/registry/v1/registry.pb.h"

// The verification workflow between departments, free of I/O: the state a client starts in, and
// which transitions an analyst's or a manager's action makes. Invalid transitions throw
// common::PreconditionError with a stable reason.
namespace crm::registry {

// The state a client created by `caller` starts in: the keepers of the client base (analysts,
// admins) need no check of their own records; everyone else's wait for one.
v1::VerificationState InitialVerificationState(const common::auth::Principal& caller);
// Whether a client created in `initial` waits in the analysts' queue (an item NEW_RECORD with the
// duplicate candidates found at creation).
bool QueuedForVerification(v1::VerificationState initial);

enum class VerificationState { kPendingVerification, kVerified, kRejected, kFlagged };

// "PENDING_VERIFICATION", "VERIFIED", "REJECTED", "FLAGGED": the stored and API names.
const char* VerificationStateName(VerificationState state);
std::optional<VerificationState> ParseVerificationState(std::string_view name);

// Verifying needs something to verify: a record not yet verified, or open items (a verified
// client with returned mail). CLIENT_ALREADY_VERIFIED otherwise.
VerificationState Verify(VerificationState current, bool has_open_items);
// CLIENT_ALREADY_REJECTED when rejected with nothing new to look at.
VerificationState Reject(VerificationState current, bool has_open_items);
// A flag always lands in the queue, whatever the state.
VerificationState Flag(VerificationState current);

}  // namespace crm::registry
