#pragma once

#include <optional>
#include <string_view>

// The verification workflow between departments, free of I/O: which transitions an analyst's or
// a manager's action makes. Invalid transitions throw common::PreconditionError with a stable
// reason. The state a client starts in is decided by InitialVerificationState
// (domain/client_access.h).
namespace crm::registry {

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
