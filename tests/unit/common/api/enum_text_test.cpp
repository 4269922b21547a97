// The one enum <-> stored text rule (common/api/enum_text.h), on enums whose columns hold upper-
// and lower-case text.
#include "common/api/enum_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/planning/v1/assessments.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "crm/registry/v1/import.pb.h"
#include "crm/registry/v1/registry.pb.h"

namespace crm::common::api {
namespace {

namespace planning = crm::planning::v1;
namespace registry = crm::registry::v1;

using ReadinessText = EnumText<planning::ReadinessLevel>;
using EditionStatusText = EnumText<registry::EditionStatus, TextCase::kLower>;
using ImportStateText = EnumText<registry::ClientImport::State, TextCase::kLower>;

TEST(EnumTextTest, TheValueNameWithoutThePrefixInTheColumnsCase) {
  EXPECT_EQ(ReadinessText::Of(planning::READINESS_LEVEL_COLD), "COLD");
  EXPECT_EQ(EditionStatusText::Of(registry::EDITION_STATUS_OPEN_FOR_SALES), "open_for_sales");
  EXPECT_EQ(ImportStateText::Of(registry::ClientImport::STATE_DRY_RUN_DONE), "dry_run_done");
  EXPECT_EQ(ReadinessText::Parse("HOT"), planning::READINESS_LEVEL_HOT);
  EXPECT_EQ(EditionStatusText::Parse("running"), registry::EDITION_STATUS_RUNNING);
  EXPECT_EQ(ImportStateText::Parse("completed"), registry::ClientImport::STATE_COMPLETED);
}

TEST(EnumTextTest, EveryValueRoundTrips) {
  const auto* type = google::protobuf::GetEnumDescriptor<registry::EditionStatus>();
  for (int i = 1; i < type->value_count(); ++i) {
    const auto value = static_cast<registry::EditionStatus>(type->value(i)->number());
    EXPECT_EQ(EditionStatusText::Parse(EditionStatusText::Of(value)), value);
  }
}

TEST(EnumTextTest, UnspecifiedIsTheEmptyTextBothWays) {
  EXPECT_EQ(ReadinessText::Of(planning::READINESS_LEVEL_UNSPECIFIED), "");
  EXPECT_EQ(ReadinessText::Parse(""), planning::READINESS_LEVEL_UNSPECIFIED);
  EXPECT_EQ(EditionStatusText::Parse(""), registry::EDITION_STATUS_UNSPECIFIED);
}

TEST(EnumTextTest, UnknownStoredTextIsDataCorruption) {
  EXPECT_THROW(ReadinessText::Parse("LUKEWARM"), StoredEnumError);
  EXPECT_THROW(ReadinessText::Parse("UNSPECIFIED"), StoredEnumError);
  EXPECT_THROW(ReadinessText::Parse("cold"), StoredEnumError);  // not the column's case
  EXPECT_THROW(EditionStatusText::Parse("RUNNING"), StoredEnumError);
  EXPECT_THROW(ReadinessText::Parse("READINESS_LEVEL_COLD"), StoredEnumError);
  try {
    EditionStatusText::Parse("postponed");
    FAIL() << "expected StoredEnumError";
  } catch (const StoredEnumError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("\"postponed\""));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("crm.registry.v1.EditionStatus"));
  }
}

TEST(EnumTextTest, ANumberTheEnumDoesNotDefineCannotBeStored) {
  EXPECT_THROW(ReadinessText::Of(static_cast<planning::ReadinessLevel>(99)), std::invalid_argument);
}

TEST(EnumTextTest, FindAnswersNothingForTextThatIsNoValues) {
  EXPECT_EQ(EditionStatusText::Find("open_for_sales"), registry::EDITION_STATUS_OPEN_FOR_SALES);
  EXPECT_EQ(ReadinessText::Find("WARM"), planning::READINESS_LEVEL_WARM);
  EXPECT_EQ(EditionStatusText::Find(""), std::nullopt);
  EXPECT_EQ(EditionStatusText::Find("unspecified"), std::nullopt);
  EXPECT_EQ(EditionStatusText::Find("RUNNING"), std::nullopt);  // not the text's case
  EXPECT_EQ(EditionStatusText::Find("postponed"), std::nullopt);
}

// A C++ enum over the cases of ContactResult.outcome, as planning declares its result kinds.
enum class Outcome {
  kSale = planning::ContactResult::kSale,
  kVisitRefusal = planning::ContactResult::kVisitRefusal,
};
using OutcomeText = FieldText<Outcome, planning::ContactResult>;

TEST(FieldTextTest, TheTextOfAFieldNumberIsTheFieldsName) {
  EXPECT_EQ(OutcomeText::Of(Outcome::kSale), "sale");
  EXPECT_EQ(OutcomeText::Of(Outcome::kVisitRefusal), "visit_refusal");
  EXPECT_EQ(OutcomeText::Find("visit_refusal"), Outcome::kVisitRefusal);
}

TEST(FieldTextTest, UnknownNumbersThrowAndUnknownNamesAreNothing) {
  EXPECT_THROW(OutcomeText::Of(static_cast<Outcome>(99)), std::invalid_argument);
  EXPECT_EQ(OutcomeText::Find("gift"), std::nullopt);
  EXPECT_EQ(OutcomeText::Find(""), std::nullopt);
  EXPECT_EQ(OutcomeText::Find("VisitRefusal"), std::nullopt);
}

TEST(EnumTextTest, IsSpecifiedMeansADefinedValueOtherThanUnspecified) {
  EXPECT_TRUE(IsSpecified(planning::READINESS_LEVEL_WARM));
  EXPECT_FALSE(IsSpecified(planning::READINESS_LEVEL_UNSPECIFIED));
  EXPECT_FALSE(IsSpecified(static_cast<planning::ReadinessLevel>(99)));
}

}  // namespace
}  // namespace crm::common::api
