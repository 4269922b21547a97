// The one update_mask reading (common/api/update_mask.h).
#include "common/api/update_mask.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "tests/unit/common/api/violations.h"

namespace crm::common::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::array<std::string_view, 3> kUpdatable = {"display_name", "head", "description"};
constexpr std::array<RefusedPath, 1> kRefused = {
    {{"inn", "never changes: a client with another INN is another client"}}};

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) {
    mask.add_paths(path);
  }
  return mask;
}

TEST(UpdateMaskTest, KeepsUpdatablePathsOnceInTheOrderGiven) {
  Violations v;
  auto paths = ReadUpdateMask(v, Mask({"head", "display_name", "head"}), kUpdatable);
  EXPECT_THAT(paths, ElementsAre("head", "display_name"));
  EXPECT_THAT(testing::FieldsOf(v), IsEmpty());
  EXPECT_TRUE(HasPath(paths, "head"));
  EXPECT_FALSE(HasPath(paths, "description"));
}

TEST(UpdateMaskTest, AnUnknownPathIsAViolationNamingItAndTheUpdatableOnes) {
  Violations v;
  auto paths = ReadUpdateMask(v, Mask({"display_name", "create_time"}), kUpdatable);
  EXPECT_THAT(paths, ElementsAre("display_name"));
  auto descriptions = testing::DescriptionsOf(v);
  ASSERT_EQ(descriptions.size(), 1u);
  EXPECT_THAT(descriptions[0], HasSubstr("\"create_time\""));
  EXPECT_THAT(descriptions[0], HasSubstr("display_name, head, description"));
  Violations again;
  ReadUpdateMask(again, Mask({"create_time"}), kUpdatable);
  EXPECT_THAT(testing::FieldsOf(again), ElementsAre("update_mask"));
}

TEST(UpdateMaskTest, ARefusedPathCarriesItsReason) {
  Violations v;
  ReadUpdateMask(v, Mask({"inn", "head"}), kUpdatable, kRefused);
  auto descriptions = testing::DescriptionsOf(v);
  ASSERT_EQ(descriptions.size(), 1u);
  EXPECT_EQ(descriptions[0], "\"inn\" never changes: a client with another INN is another client");
}

TEST(UpdateMaskTest, AnEmptyMaskIsAViolation) {
  Violations v;
  EXPECT_THAT(ReadUpdateMask(v, Mask({}), kUpdatable), IsEmpty());
  EXPECT_THAT(testing::FieldsOf(v), ElementsAre("update_mask"));
}

TEST(UpdateMaskTest, AStarAloneIsEveryUpdatableFieldAndNeverSharesTheMask) {
  Violations v;
  EXPECT_THAT(ReadUpdateMask(v, Mask({"*"}), kUpdatable),
              ElementsAre("display_name", "head", "description"));
  EXPECT_THAT(testing::FieldsOf(v), IsEmpty());
  Violations mixed;
  ReadUpdateMask(mixed, Mask({"head", "*"}), kUpdatable);
  EXPECT_THAT(testing::FieldsOf(mixed), ElementsAre("update_mask"));
}

}  // namespace
}  // namespace crm::common::api
