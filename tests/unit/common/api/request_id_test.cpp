// The one request_id rule (common/api/request_id.h).
#include "common/api/request_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/common/api/violations.h"

namespace crm::common::api {
namespace {

std::vector<std::string> Violated(std::string_view request_id) {
  Violations v;
  CheckRequestId(v, request_id);
  return testing::FieldsOf(v);
}

TEST(RequestIdTest, OptionalPrintableUpTo128Characters) {
  EXPECT_THAT(Violated(""), ::testing::IsEmpty());
  EXPECT_THAT(Violated("5f0c6a8e-3c1b-4d55-9c36-0b5e8f1d2a77"), ::testing::IsEmpty());
  EXPECT_THAT(Violated(std::string(128, 'a')), ::testing::IsEmpty());
  // Characters, not bytes: 128 Cyrillic letters are 256 bytes and still fit.
  std::string cyrillic;
  for (int i = 0; i < 128; ++i) {
    cyrillic += "ж";
  }
  EXPECT_THAT(Violated(cyrillic), ::testing::IsEmpty());
  EXPECT_THAT(Violated(cyrillic + "ж"), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(Violated(std::string(129, 'a')), ::testing::ElementsAre("request_id"));
}

TEST(RequestIdTest, ControlCharactersAndBrokenUtf8AreRefused) {
  EXPECT_THAT(Violated("abc\n"), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(Violated(std::string("a\0b", 3)), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(Violated("a\x7f"), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(Violated("\xc2\x85"), ::testing::ElementsAre("request_id"));  // C1 NEL
  EXPECT_THAT(Violated("\xff"), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(Violated("\xd0"), ::testing::ElementsAre("request_id"));          // cut short
  EXPECT_THAT(Violated("\xc0\xaf"), ::testing::ElementsAre("request_id"));      // overlong
  EXPECT_THAT(Violated("\xed\xa0\x80"), ::testing::ElementsAre("request_id"));  // surrogate
  // Spaces are printable and kept: the key is compared byte for byte.
  EXPECT_THAT(Violated(" key "), ::testing::IsEmpty());
}

TEST(RequestIdTest, NamesTheFieldItIsGiven) {
  Violations v;
  CheckRequestId(v, std::string(200, 'x'), "import.request_id");
  try {
    v.ThrowIfAny();
    FAIL() << "expected a violation";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations()[0].field, "import.request_id");
    EXPECT_THAT(e.violations()[0].description, ::testing::HasSubstr("128"));
  }
}

}  // namespace
}  // namespace crm::common::api
