#include "services/registry/domain/verification.h"

#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "services/registry/domain/quality_validation.h"

namespace crm::registry {
namespace {

using State = VerificationState;

TEST(VerificationTest, VerifyNeedsSomethingToVerify) {
  EXPECT_EQ(Verify(State::kPendingVerification, true), State::kVerified);
  EXPECT_EQ(Verify(State::kFlagged, true), State::kVerified);
  EXPECT_EQ(Verify(State::kRejected, false), State::kVerified);
  EXPECT_EQ(Verify(State::kVerified, true), State::kVerified);  // e.g. returned mail
  EXPECT_THROW(Verify(State::kVerified, false), common::PreconditionError);
}

TEST(VerificationTest, RejectTwiceNeedsSomethingNew) {
  EXPECT_EQ(Reject(State::kPendingVerification, true), State::kRejected);
  EXPECT_EQ(Reject(State::kVerified, false), State::kRejected);
  EXPECT_EQ(Reject(State::kRejected, true), State::kRejected);
  EXPECT_THROW(Reject(State::kRejected, false), common::PreconditionError);
}

TEST(VerificationTest, AFlagAlwaysLands) {
  for (State state :
       {State::kPendingVerification, State::kVerified, State::kRejected, State::kFlagged}) {
    EXPECT_EQ(Flag(state), State::kFlagged);
  }
}

TEST(VerificationTest, StateNamesRoundTrip) {
  for (State state :
       {State::kPendingVerification, State::kVerified, State::kRejected, State::kFlagged}) {
    EXPECT_EQ(ParseVerificationState(VerificationStateName(state)), state);
  }
  EXPECT_EQ(ParseVerificationState("verified"), std::nullopt);
  EXPECT_EQ(ParseVerificationState(""), std::nullopt);
}

TEST(VerificationTest, FieldPathsAreClientFields) {
  EXPECT_TRUE(IsClientFieldPath("phone"));
  EXPECT_TRUE(IsClientFieldPath("legal_address"));
  EXPECT_FALSE(IsClientFieldPath("etag"));
  EXPECT_FALSE(IsClientFieldPath("name"));
  EXPECT_FALSE(IsClientFieldPath("phone.digits.more"));
  EXPECT_FALSE(IsClientFieldPath("no_such_field"));
  EXPECT_FALSE(IsClientFieldPath(""));
  EXPECT_FALSE(IsClientFieldPath("phone."));
}

TEST(VerificationTest, ReasonNamesRoundTrip) {
  for (auto reason :
       {v1::VERIFICATION_REASON_NEW_RECORD, v1::VERIFICATION_REASON_FLAGGED_BY_MANAGER,
        v1::VERIFICATION_REASON_RETURNED_MAIL}) {
    EXPECT_EQ(VerificationReasonText::Parse(VerificationReasonText::Of(reason)), reason);
  }
  EXPECT_EQ(VerificationReasonText::Of(v1::VERIFICATION_REASON_UNSPECIFIED), "");
}

}  // namespace
}  // namespace crm::registry
