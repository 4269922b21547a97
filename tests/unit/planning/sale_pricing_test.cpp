#include "services/planning/domain/sale_pricing.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <limits>
#include <optional>

#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/result_rules.h"
#include "tests/support/violations.h"

namespace crm::planning::domain {
namespace {

using crm::testing::ViolatedFields;
using std::chrono::March;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

v1::ServiceLine Line(const char* name, int64_t quantity_milli, int64_t unit_price) {
  v1::ServiceLine line;
  line.set_name(name);
  line.set_quantity_milli(quantity_milli);
  line.set_unit("шт.");
  line.mutable_unit_price()->set_minor_units(unit_price);
  return line;
}

SalePricingInput Input(int64_t area_dm2, int64_t price) {
  SalePricingInput input;
  input.area_dm2 = area_dm2;
  input.price_per_m2 = price;
  input.date = std::chrono::year_month_day{std::chrono::year{2026}, March, std::chrono::day{16}};
  return input;
}

TEST(LineAmountTest, QuantityInThousandthsRoundsHalfUp) {
  EXPECT_EQ(LineAmount(2000, 350'000), 700'000);
  EXPECT_EQ(LineAmount(1500, 333), 500);  // 499.5 -> 500
  EXPECT_EQ(LineAmount(1, 499), 0);       // 0.499 -> 0
  EXPECT_THROW(LineAmount(kMaxQuantityMilli, INT64_MAX / 100), std::overflow_error);
}

TEST(PriceSaleTest, SpacePlusServicesMinusPercentDiscountThenVat) {
  SalePricingInput input = Input(1250, 800'000);
  input.service_lines = {Line("Стол", 2000, 350'000), Line("Электричество", 1000, 1'200'000)};
  v1::Discount discount;
  discount.set_percent_bp(1000);
  input.discount = discount;
  const PricedSale priced = PriceSale(input, "sale");
  EXPECT_THAT(priced.line_amounts, ElementsAre(700'000, 1'200'000));
  EXPECT_EQ(priced.space, 10'000'000);
  EXPECT_EQ(priced.services, 1'900'000);
  EXPECT_EQ(priced.discount, 1'190'000);
  EXPECT_EQ(priced.net, 10'710'000);
  EXPECT_EQ(priced.vat_rate_bp, 2200);
  EXPECT_EQ(priced.vat, 2'356'200);
  EXPECT_EQ(priced.total, 13'066'200);
}

TEST(PriceSaleTest, FixedDiscountUpToTheWholeAmount) {
  SalePricingInput input = Input(100, 800'000);  // 8 000,00
  v1::Discount discount;
  discount.mutable_amount()->set_minor_units(800'000);
  input.discount = discount;
  const PricedSale all = PriceSale(input, "sale");
  EXPECT_EQ(all.net, 0);
  EXPECT_EQ(all.total, 0);
  discount.mutable_amount()->set_minor_units(800'001);
  input.discount = discount;
  try {
    PriceSale(input, "result.sale");
    FAIL() << "a discount above the amount was accepted";
  } catch (const common::ValidationError& e) {
    EXPECT_EQ(e.violations().at(0).field, "result.sale.discount.amount");
  }
}

TEST(PriceSaleTest, PercentDiscountRoundsHalfUpToAKopeck) {
  SalePricingInput input = Input(1, 1'005);  // 0.01 m² × 10,05 = 0,1005 -> 0,10
  input.service_lines = {Line("Бейдж", 1000, 5)};
  v1::Discount discount;
  discount.set_percent_bp(3333);  // 33.33% of 0,15 = 0,049995 -> 0,05
  input.discount = discount;
  const PricedSale priced = PriceSale(input, "sale");
  EXPECT_EQ(priced.space, 10);
  EXPECT_EQ(priced.discount, 5);
  EXPECT_EQ(priced.net, 10);
}

std::chrono::year_month_day Date(int y, std::chrono::month m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year{y}, m, std::chrono::day{d}};
}

TEST(PriceSaleTest, TwelveAndAHalfSquareMetresAt8000RublesIn2026) {
  // 12.5 m² = 1250 dm² at 8 000,00 RUB/m²: 100 000,00 net, 22% VAT 22 000,00, 122 000,00 total.
  const PricedSale a = PriceSale(Input(1250, 800'000), "sale");
  EXPECT_EQ(a.space, 10'000'000);
  EXPECT_EQ(a.net, 10'000'000);
  EXPECT_EQ(a.vat_rate_bp, 2200);
  EXPECT_EQ(a.vat, 2'200'000);
  EXPECT_EQ(a.total, 12'200'000);
}

TEST(PriceSaleTest, VatRateFollowsTheSaleDate) {
  SalePricingInput input = Input(1250, 800'000);
  input.date = Date(2025, std::chrono::December, 31);
  const PricedSale a = PriceSale(input, "sale");
  EXPECT_EQ(a.vat_rate_bp, 2000);
  EXPECT_EQ(a.vat, 2'000'000);
  EXPECT_EQ(a.total, 12'000'000);
}

TEST(PriceSaleTest, SpaceRoundsHalfUpToAKopeck) {
  // 1 dm² at 1,50 RUB/m² is 0,015 RUB -> 2 kopecks; VAT 22% of 2 kopecks is 0,44 -> 0.
  const PricedSale a = PriceSale(Input(1, 150), "sale");
  EXPECT_EQ(a.net, 2);
  EXPECT_EQ(a.vat, 0);
  EXPECT_EQ(a.total, 2);
  // 333 dm² at 1 234,57 RUB/m²: 4 111,118... -> 4 111,12; VAT 904,4464 -> 904,45.
  const PricedSale b = PriceSale(Input(333, 123'457), "sale");
  EXPECT_EQ(b.net, 411'112);
  EXPECT_EQ(b.vat, 90'445);
  EXPECT_EQ(b.total, 501'557);
}

TEST(PriceSaleTest, AnAmountOutOfRangeIsAValidationErrorOnTheArea) {
  try {
    PriceSale(Input(kMaxSaleAreaDm2, std::numeric_limits<int64_t>::max() / 1000), "result.sale");
    FAIL() << "expected a ValidationError";
  } catch (const common::ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations()[0].field, "result.sale.area_dm2");
  }
}

// The sale's date is taken where the company is (TZ), not in UTC.
TEST(LocalDateTest, UsesTheConfiguredZoneNotUtc) {
  const char* saved = std::getenv("TZ");
  const std::optional<std::string> before =
      saved != nullptr ? std::optional<std::string>(saved) : std::nullopt;
  setenv("TZ", "Europe/Samara", 1);
  tzset();
  auto at = [](const char* text) {
    google::protobuf::Timestamp t;
    EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(text, &t));
    return t;
  };
  // Samara is UTC+4: 20:30 UTC on New Year's Eve is already 2026 there, so the sale is at 22%.
  const auto new_year = LocalDate(at("2025-12-31T20:30:00Z"));
  const auto old_year = LocalDate(at("2025-12-31T19:59:59Z"));
  if (before) {
    setenv("TZ", before->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(new_year, Date(2026, std::chrono::January, 1));
  EXPECT_EQ(old_year, Date(2025, std::chrono::December, 31));
}

TEST(ValidateSaleDetailsTest, EveryBadFieldIsReported) {
  google::protobuf::RepeatedPtrField<v1::ServiceLine> lines;
  *lines.Add() = Line(" ", 0, -1);
  v1::ServiceLine foreign = Line("Ковролин", 1000, 100);
  foreign.mutable_unit_price()->set_currency_code("EUR");
  foreign.clear_unit();
  *lines.Add() = foreign;
  common::Violations violations;
  ValidateServiceLines(lines, "RUB", "sale.service_lines", violations);
  EXPECT_THAT(ViolatedFields(violations),
              UnorderedElementsAre(
                  "sale.service_lines[0].name", "sale.service_lines[0].quantity_milli",
                  "sale.service_lines[0].unit_price.minor_units", "sale.service_lines[1].unit",
                  "sale.service_lines[1].unit_price.currency_code"));
}

TEST(ValidateSaleDetailsTest, DiscountNeedsOneValueInRange) {
  for (int32_t bp : {0, -1, 10'001}) {
    v1::Discount discount;
    discount.set_percent_bp(bp);
    common::Violations violations;
    ValidateDiscount(discount, "RUB", "d", violations);
    EXPECT_THAT(ViolatedFields(violations), ElementsAre("d.percent_bp")) << bp;
  }
  common::Violations none;
  ValidateDiscount(v1::Discount{}, "RUB", "d", none);
  EXPECT_THAT(ViolatedFields(none), ElementsAre("d"));
  v1::Discount full;
  full.set_percent_bp(10'000);
  common::Violations ok;
  ValidateDiscount(full, "RUB", "d", ok);
  EXPECT_TRUE(ViolatedFields(ok).empty());
}

TEST(ValidateSaleDetailsTest, PriceOverrideNeedsAReason) {
  crm::common::v1::Money price;
  price.set_minor_units(700'000);
  common::Violations violations;
  ValidatePriceOverride(price, "", "RUB", "result.sale", violations);
  EXPECT_THAT(ViolatedFields(violations), ElementsAre("result.sale.price_override_reason"));
}

TEST(StandTypeTextTest, RoundTrips) {
  EXPECT_EQ(StandTypeText::Of(v1::STAND_TYPE_PENINSULA), "PENINSULA");
  EXPECT_EQ(StandTypeText::Parse("ISLAND"), v1::STAND_TYPE_ISLAND);
  EXPECT_EQ(StandTypeText::Of(v1::STAND_TYPE_UNSPECIFIED), "");
  EXPECT_EQ(StandTypeText::Parse(""), v1::STAND_TYPE_UNSPECIFIED);
}

TEST(ResultRulesTest, LegacyReasonsHaveFixedCatalogueIds) {
  EXPECT_EQ(LegacyRefusalReasonId(v1::REFUSAL_REASON_NO_BUDGET),
            "00000000-0000-4000-8000-000000000101");
  EXPECT_EQ(LegacyRefusalReasonId(v1::REFUSAL_REASON_OTHER),
            "00000000-0000-4000-8000-000000000105");
  EXPECT_EQ(LegacyRefusalReasonId(v1::REFUSAL_REASON_UNSPECIFIED), "");
}

TEST(ResultRulesTest, CatalogueEntryMustBeActiveAndOfTheScope) {
  CatalogueEntry entry{"id", v1::REFUSAL_SCOPE_VISIT, true, v1::REFUSAL_REASON_UNSPECIFIED};
  common::Violations ok;
  CheckReasonUsable(entry, v1::REFUSAL_SCOPE_VISIT, "f", ok);
  EXPECT_TRUE(ViolatedFields(ok).empty());
  common::Violations scope;
  CheckReasonUsable(entry, v1::REFUSAL_SCOPE_PARTICIPATION, "f", scope);
  EXPECT_THAT(ViolatedFields(scope), ElementsAre("f"));
  entry.active = false;
  common::Violations inactive;
  CheckReasonUsable(entry, v1::REFUSAL_SCOPE_VISIT, "f", inactive);
  EXPECT_THAT(ViolatedFields(inactive), ElementsAre("f"));
  common::Violations missing;
  CheckReasonUsable(std::nullopt, v1::REFUSAL_SCOPE_VISIT, "f", missing);
  EXPECT_THAT(ViolatedFields(missing), ElementsAre("f"));
}

TEST(ResultRulesTest, RefusalEnumAndCatalogueFillEachOther) {
  const CatalogueEntry budget{"00000000-0000-4000-8000-000000000101",
                              v1::REFUSAL_SCOPE_PARTICIPATION, true, v1::REFUSAL_REASON_NO_BUDGET};
  v1::RefusalOutcome by_enum;
  by_enum.set_reason(v1::REFUSAL_REASON_NO_BUDGET);
  common::Violations violations;
  CompleteRefusalReason(by_enum, budget, "r", violations);
  EXPECT_EQ(by_enum.refusal_reason(), "refusalReasons/00000000-0000-4000-8000-000000000101");

  v1::RefusalOutcome contradicting;
  contradicting.set_reason(v1::REFUSAL_REASON_OTHER);
  contradicting.set_refusal_reason("refusalReasons/00000000-0000-4000-8000-000000000101");
  CompleteRefusalReason(contradicting, budget, "r", violations);
  EXPECT_THAT(ViolatedFields(violations), ElementsAre("r.reason"));
}

TEST(ResultRulesTest, PositiveResults) {
  EXPECT_TRUE(IsPositive(ResultKind::kSale));
  EXPECT_TRUE(IsPositive(ResultKind::kInvitation));
  EXPECT_TRUE(IsPositive(ResultKind::kManualSent));
  EXPECT_FALSE(IsPositive(ResultKind::kReschedule));
  EXPECT_FALSE(IsPositive(ResultKind::kNote));
  EXPECT_FALSE(IsPositive(ResultKind::kRefusal));
  EXPECT_FALSE(IsPositive(ResultKind::kVisitRefusal));
}

}  // namespace
}  // namespace crm::planning::domain
