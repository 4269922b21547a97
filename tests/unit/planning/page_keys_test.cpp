#include "services/planning/domain/page_keys.h"

#include <gtest/gtest.h>

#include "common/core/errors.h"

namespace crm::planning::domain {
namespace {

constexpr char kId[] = "0f8fad5b-d9cb-469f-a165-70867728950e";

TEST(PageKeysTest, RoundTripsTheKey) {
  const std::string token = EncodeTimeKey({1'764'000'000'123'456, kId}, "owner=a start= end=");
  const auto key = DecodeTimeKey(token, "owner=a start= end=");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->micros, 1'764'000'000'123'456);
  EXPECT_EQ(key->id, kId);
}

TEST(PageKeysTest, EmptyTokenIsTheFirstPage) { EXPECT_FALSE(DecodeTimeKey("", "x").has_value()); }

TEST(PageKeysTest, NegativeTimesSurvive) {
  const auto key = DecodeTimeKey(EncodeTimeKey({-5, kId}, ""), "");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->micros, -5);
}

TEST(PageKeysTest, RejectsATokenIssuedForOtherFilters) {
  const std::string token = EncodeTimeKey({1, kId}, "owner=a");
  EXPECT_THROW(DecodeTimeKey(token, "owner=b"), common::ValidationError);
}

TEST(PageKeysTest, RejectsGarbageOnTheGivenField) {
  for (const char* bad : {"%%%", "Zm9v", "abc"}) {
    try {
      DecodeTimeKey(bad, "", "page_token");
      ADD_FAILURE() << bad;
    } catch (const common::ValidationError& e) {
      EXPECT_EQ(e.violations().at(0).field, "page_token");
    }
  }
}

}  // namespace
}  // namespace crm::planning::domain
