// The stand inventory's pure rules: number keys, floor-plan files, who may take a stand, hold
// lengths, how far below the list a sale is, and the stand type shared with registry.
#include "services/planning/domain/stand_rules.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/tabular/csv_reader.h"
#include "crm/planning/v1/assessments.pb.h"
#include "crm/registry/v1/registry.pb.h"

namespace crm::planning::domain {
namespace {

using ::testing::HasSubstr;

common::tabular::SourceTable Csv(const std::string& text) {
  return common::tabular::ReadCsv(text, {});
}

std::string Messages(const common::Violations& violations) {
  common::Violations copy = violations;
  try {
    copy.ThrowIfAny();
  } catch (const common::ValidationError& e) {
    return e.what();
  }
  return "";
}

TEST(StandNumberKey, IgnoresCaseSpacesAndLatinLookingCyrillic) {
  EXPECT_EQ(StandNumberKey("a 12"), "A12");
  EXPECT_EQ(StandNumberKey("А-12"), "A-12");  // Cyrillic А
  EXPECT_EQ(StandNumberKey("в-7"), "B-7");    // Cyrillic в
  EXPECT_EQ(StandNumberKey("Ж-1"), "Ж-1");    // no Latin twin: stays Cyrillic
  EXPECT_EQ(StandNumberKey("ж-1"), "Ж-1");
  EXPECT_NE(StandNumberKey("A-1"), StandNumberKey("A-11"));
}

TEST(StandSortKey, CountsNumbersTheWayPeopleDo) {
  EXPECT_LT(StandSortKey("A-2"), StandSortKey("A-10"));
  EXPECT_LT(StandSortKey("A-10"), StandSortKey("B-1"));
  EXPECT_LT(StandSortKey("2.5"), StandSortKey("10.1"));
  EXPECT_EQ(StandSortKey("A-2"), "A-00000002");
  EXPECT_EQ(StandSortKey("123456789"), "123456789");  // longer runs stay as they are
}

TEST(ReadFloorPlan, ReadsRussianAndEnglishHeadersInAnyOrder) {
  common::Violations violations;
  const auto stands = ReadFloorPlan(Csv("Площадь, м²;Тип стенда;№ стенда;Павильон\n"
                                        "18,5;угловой;A-2;Павильон 1\n"
                                        "36;Остров;B-1;Павильон 2\n"
                                        "120.25;открытая площадка;C-1;\n"),
                                    violations);
  ASSERT_TRUE(violations.empty()) << Messages(violations);
  ASSERT_EQ(stands.size(), 3u);
  EXPECT_EQ(stands[0].number, "A-2");
  EXPECT_EQ(stands[0].stand_type, v1::STAND_TYPE_CORNER);
  EXPECT_EQ(stands[0].area_dm2, 1850);
  EXPECT_EQ(stands[0].open_sides, 2);
  EXPECT_EQ(stands[0].row, 2);
  EXPECT_EQ(stands[1].stand_type, v1::STAND_TYPE_ISLAND);
  EXPECT_EQ(stands[1].open_sides, 4);
  EXPECT_EQ(stands[2].stand_type, v1::STAND_TYPE_OPEN_AREA);
  EXPECT_EQ(stands[2].area_dm2, 12025);

  const auto english = ReadFloorPlan(
      Csv("number,hall,type,area,open sides\nA-1,Hall 1,linear,12,1\nA-3,Hall 1,peninsula,24,\n"),
      violations);
  ASSERT_TRUE(violations.empty()) << Messages(violations);
  EXPECT_EQ(english[1].stand_type, v1::STAND_TYPE_PENINSULA);
  EXPECT_EQ(english[1].open_sides, 3);
}

TEST(ReadFloorPlan, NamesEveryBadRowAndReturnsNothing) {
  common::Violations violations;
  const auto stands = ReadFloorPlan(Csv("Номер;Тип;Площадь;Открытых сторон\n"
                                        "A-1;линейный;12;1\n"
                                        "A-2;шатёр;12;\n"
                                        "A-3;угловой;12,345;\n"
                                        "A-4;угловой;0;\n"
                                        "A-5;остров;36;7\n"
                                        ";линейный;9;\n"
                                        "a1;линейный;9;\n"
                                        "A 1;линейный;9;\n"),
                                    violations);
  EXPECT_TRUE(stands.empty());
  const std::string text = Messages(violations);
  EXPECT_THAT(text, HasSubstr("row 3, type"));
  EXPECT_THAT(text, HasSubstr("row 4, area"));
  EXPECT_THAT(text, HasSubstr("row 5, area_dm2"));
  EXPECT_THAT(text, HasSubstr("row 6, open sides"));
  EXPECT_THAT(text, HasSubstr("row 7, number"));
  EXPECT_THAT(text, HasSubstr("row 9, number"));  // "A 1" is "a1" of row 8
  EXPECT_THAT(text, HasSubstr("already on row 8"));
}

TEST(ReadFloorPlan, RequiresNumberTypeAndAreaColumnsOnce) {
  common::Violations violations;
  ReadFloorPlan(Csv("Номер;Зал\nA-1;1\n"), violations);
  EXPECT_THAT(Messages(violations), HasSubstr("no column type"));
  EXPECT_THAT(Messages(violations), HasSubstr("no column area"));
  common::Violations twice;
  ReadFloorPlan(Csv("Номер;Тип;Площадь;Площадь, м2\nA-1;линейный;9;9\n"), twice);
  EXPECT_THAT(Messages(twice), HasSubstr("twice"));
}

TEST(CheckStandAvailableForSale, FreeOrHeldForTheClientOrAlreadyTheSales) {
  StandState stand;
  stand.number = "A-1";
  stand.status = v1::STAND_STATUS_FREE;
  EXPECT_NO_THROW(CheckStandAvailableForSale(stand, "client-1", ""));

  stand.status = v1::STAND_STATUS_HELD;
  stand.hold_client_id = "client-1";
  stand.hold_expire_time = google::protobuf::util::TimeUtil::SecondsToTimestamp(1'800'000'000);
  EXPECT_NO_THROW(CheckStandAvailableForSale(stand, "client-1", ""));
  try {
    CheckStandAvailableForSale(stand, "client-2", "");
    FAIL();
  } catch (const common::PreconditionError& e) {
    EXPECT_EQ(e.reason(), "STAND_HELD");
    EXPECT_THAT(e.what(), HasSubstr("clients/client-1"));
  }

  stand.status = v1::STAND_STATUS_SOLD;
  stand.sale_id = "sale-1";
  EXPECT_NO_THROW(CheckStandAvailableForSale(stand, "client-2", "sale-1"));
  try {
    CheckStandAvailableForSale(stand, "client-2", "sale-2");
    FAIL();
  } catch (const common::PreconditionError& e) {
    EXPECT_EQ(e.reason(), "STAND_SOLD");
    EXPECT_THAT(e.what(), HasSubstr("sales/sale-1"));
  }

  stand.status = v1::STAND_STATUS_BLOCKED;
  stand.block_reason = "Колонна";
  EXPECT_THROW(CheckStandAvailableForSale(stand, "client-1", ""), common::PreconditionError);
  EXPECT_THROW(CheckStandFree(stand, "held"), common::PreconditionError);
}

TEST(HoldDuration, DefaultsToThePolicyAndStaysWithinItsMaximum) {
  SalesPolicyTerms policy;
  common::Violations violations;
  EXPECT_EQ(HoldDuration(policy, nullptr, violations), std::chrono::hours(72));
  google::protobuf::Duration day;
  day.set_seconds(86400);
  EXPECT_EQ(HoldDuration(policy, &day, violations), std::chrono::hours(24));
  EXPECT_TRUE(violations.empty());
  google::protobuf::Duration month;
  month.set_seconds(30 * 86400);
  HoldDuration(policy, &month, violations);
  google::protobuf::Duration negative;
  negative.set_seconds(-1);
  HoldDuration(policy, &negative, violations);
  EXPECT_THAT(Messages(violations), HasSubstr("at most 1209600 s"));
  EXPECT_THAT(Messages(violations), HasSubstr("positive"));
}

TEST(UpdatedSalesPolicy, ChecksTheLimitAndHoldLengths) {
  v1::SalesPolicy policy;
  policy.set_max_discount_bp(1500);
  policy.mutable_default_hold()->set_seconds(20 * 86400);
  common::Violations violations;
  UpdatedSalesPolicy({}, policy, {"max_discount_bp", "default_hold"}, violations);
  EXPECT_THAT(Messages(violations), HasSubstr("sales_policy.default_hold"));
  common::Violations ok;
  const auto terms = UpdatedSalesPolicy({}, policy, {"max_discount_bp"}, ok);
  EXPECT_TRUE(ok.empty());
  EXPECT_EQ(terms.max_discount_bp, 1500);
  policy.set_max_discount_bp(10001);
  common::Violations bad;
  UpdatedSalesPolicy({}, policy, {"max_discount_bp"}, bad);
  EXPECT_FALSE(bad.empty());
}

TEST(DiscountBelowListBp, IsTheShareOfTheListAmountGivenAway) {
  // 12 m² at 8 000,00 = 96 000,00 list; sold for 86 400,00 = 10% below.
  EXPECT_EQ(DiscountBelowListBp(1200, 800'000, 0, 8'640'000), 1000);
  // Services count in the list amount: 96 000 + 4 000 = 100 000; net 95 000 = 5% below.
  EXPECT_EQ(DiscountBelowListBp(1200, 800'000, 400'000, 9'500'000), 500);
  // At or above the list, and an empty list, are no discount.
  EXPECT_EQ(DiscountBelowListBp(1200, 800'000, 0, 9'600'000), 0);
  EXPECT_EQ(DiscountBelowListBp(1200, 800'000, 0, 12'000'000), 0);
  EXPECT_EQ(DiscountBelowListBp(0, 0, 0, 0), 0);
  // 1 kopeck a m²: all but nothing given away.
  EXPECT_EQ(DiscountBelowListBp(1200, 800'000, 0, 12), 9999);
  // The largest areas and prices do not overflow.
  EXPECT_EQ(DiscountBelowListBp(1'000'000, 10'000'000'000, 0, 50'000'000'000'000), 5000);
}

// An enum's values (number, name), deprecated aliases left out.
std::set<std::pair<int, std::string>> ValuesOf(const google::protobuf::EnumDescriptor* type) {
  std::set<std::pair<int, std::string>> values;
  for (int i = 0; i < type->value_count(); ++i) {
    if (!type->value(i)->options().deprecated()) {
      values.emplace(type->value(i)->number(), type->value(i)->name());
    }
  }
  return values;
}

TEST(StandType, IsOneEnumWithRegistrys) {
  EXPECT_EQ(ValuesOf(v1::StandType_descriptor()),
            ValuesOf(crm::registry::v1::StandType_descriptor()));
  // The old name still parses, to the same value.
  v1::StandType old_name;
  ASSERT_TRUE(v1::StandType_Parse("STAND_TYPE_OPEN_AIR", &old_name));
  EXPECT_EQ(old_name, v1::STAND_TYPE_OPEN_AREA);
  EXPECT_EQ(v1::StandType_Name(v1::STAND_TYPE_OPEN_AREA), "STAND_TYPE_OPEN_AREA");
}

// Registry owns a client's lead source; planning's deprecated API and its events speak the same
// kinds, passed between the two by name.
TEST(LeadSourceKind, IsOneEnumWithRegistrys) {
  EXPECT_EQ(ValuesOf(v1::LeadSourceKind_descriptor()),
            ValuesOf(crm::registry::v1::LeadSourceKind_descriptor()));
}

}  // namespace
}  // namespace crm::planning::domain
