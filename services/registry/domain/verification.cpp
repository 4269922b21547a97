#include "services/registry/domain/verification.h"

#include "common/core/errors.h"
#include "services/registry/domain/client_access.h"

namespace crm::registry {

v1::VerificationState InitialVerificationState(const common::auth::Principal& caller) {
  return KeepsClientBase(caller) ? v1::VERIFICATION_STATE_VERIFIED
                                 : v1::VERIFICATION_STATE_PENDING_VERIFICATION;
}

bool QueuedForVerification(v1::VerificationState initial) {
  return initial == v1::VERIFICATION_STATE_PENDING_VERIFICATION;
}

const char* VerificationStateName(VerificationState state) {
  switch (state) {
    case VerificationState::kPendingVerification:
      return "PENDING_VERIFICATION";
    case VerificationState::kVerified:
      return "VERIFIED";
    case VerificationState::kRejected:
      return "REJECTED";
    case VerificationState::kFlagged:
      return "FLAGGED";
  }
  return "";
}

std::optional<VerificationState> ParseVerificationState(std::string_view name) {
  for (VerificationState state :
       {VerificationState::kPendingVerification, VerificationState::kVerified,
        VerificationState::kRejected, VerificationState::kFlagged}) {
    if (name == VerificationStateName(state)) {
      return state;
    }
  }
  return std::nullopt;
}

VerificationState Verify(VerificationState current, bool has_open_items) {
  if (current == VerificationState::kVerified && !has_open_items) {
    throw common::PreconditionError("CLIENT_ALREADY_VERIFIED",
                                    "the client is verified and has nothing open to check");
  }
  return VerificationState::kVerified;
}

VerificationState Reject(VerificationState current, bool has_open_items) {
  if (current == VerificationState::kRejected && !has_open_items) {
    throw common::PreconditionError("CLIENT_ALREADY_REJECTED", "the client is already rejected");
  }
  return VerificationState::kRejected;
}

VerificationState Flag(VerificationState) { return VerificationState::kFlagged; }

}  // namespace crm::registry
