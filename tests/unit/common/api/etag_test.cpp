// The one etag rule (common/api/etag.h).
#include "common/api/etag.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/common/api/violations.h"

namespace crm::common::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(EtagTest, ARequiredEtagThatIsEmptyIsAViolationOfItsField) {
  Violations v;
  RequireEtag(v, "client.etag", "");
  RequireEtag(v, "etag", "3");
  EXPECT_THAT(testing::FieldsOf(v), ElementsAre("client.etag"));
}

TEST(EtagTest, AStaleEtagIsAbortedWithReasonEtagMismatch) {
  try {
    CheckEtag("clients/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901", "4", "3");
    FAIL() << "expected ConflictError";
  } catch (const ConflictError& e) {
    EXPECT_EQ(e.reason(), "ETAG_MISMATCH");
    EXPECT_THAT(e.what(), HasSubstr("clients/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901"));
    EXPECT_THAT(e.what(), HasSubstr("etag 4, not 3"));
  }
}

TEST(EtagTest, TheCurrentEtagPassesAndAnEmptyOneChecksNothing) {
  EXPECT_NO_THROW(CheckEtag("groups/x", "7", "7"));
  // Only RPCs whose etag is optional get this far with an empty one (RequireEtag refuses it
  // everywhere else): no precondition, nothing to check.
  EXPECT_NO_THROW(CheckEtag("contacts/x", "7", ""));
  Violations v;
  RequireEtag(v, "etag", "7");
  EXPECT_THAT(testing::FieldsOf(v), IsEmpty());
}

}  // namespace
}  // namespace crm::common::api
