#include "services/planning/domain/sale_amounts.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <limits>

#include "common/core/errors.h"

namespace crm::planning::domain {
namespace {

using std::chrono::December;
using std::chrono::January;
using std::chrono::March;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr year_month_day Date(int y, std::chrono::month m, unsigned d) {
  return year_month_day{year{y}, m, std::chrono::day{d}};
}

TEST(ComputeSaleAmountsTest, TwelveAndAHalfSquareMetresAt8000RublesIn2026) {
  // 12.5 m² = 1250 dm² at 8 000,00 RUB/m²: 100 000,00 net, 22% VAT 22 000,00, 122 000,00 total.
  const SaleAmounts a = ComputeSaleAmounts(1250, 800'000, Date(2026, March, 16));
  EXPECT_EQ(a.area_dm2, 1250);
  EXPECT_EQ(a.price_per_m2, 800'000);
  EXPECT_EQ(a.net, 10'000'000);
  EXPECT_EQ(a.vat_rate_bp, 2200);
  EXPECT_EQ(a.vat, 2'200'000);
  EXPECT_EQ(a.total, 12'200'000);
}

TEST(ComputeSaleAmountsTest, RateFollowsTheSaleDate) {
  const SaleAmounts a = ComputeSaleAmounts(1250, 800'000, Date(2025, December, 31));
  EXPECT_EQ(a.vat_rate_bp, 2000);
  EXPECT_EQ(a.vat, 2'000'000);
  EXPECT_EQ(a.total, 12'000'000);
}

TEST(ComputeSaleAmountsTest, RoundsHalfUpToAKopeck) {
  // 1 dm² at 1,50 RUB/m² is 0,015 RUB -> 2 kopecks; VAT 22% of 2 kopecks is 0,44 -> 0.
  const SaleAmounts a = ComputeSaleAmounts(1, 150, Date(2026, January, 1));
  EXPECT_EQ(a.net, 2);
  EXPECT_EQ(a.vat, 0);
  EXPECT_EQ(a.total, 2);
  // 333 dm² at 1 234,57 RUB/m²: 4 111,118... -> 4 111,12; VAT 904,4464 -> 904,45.
  const SaleAmounts b = ComputeSaleAmounts(333, 123'457, Date(2026, January, 1));
  EXPECT_EQ(b.net, 411'112);
  EXPECT_EQ(b.vat, 90'445);
  EXPECT_EQ(b.total, 501'557);
}

TEST(ComputeSaleAmountsTest, OverflowIsAValidationErrorOnTheArea) {
  try {
    ComputeSaleAmounts(kMaxSaleAreaDm2, std::numeric_limits<int64_t>::max() / 1000,
                       Date(2026, January, 1));
    FAIL() << "expected a ValidationError";
  } catch (const common::ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations()[0].field, "result.sale.area_dm2");
  }
}

class LocalDateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_ = tz != nullptr ? std::optional<std::string>(tz) : std::nullopt;
    setenv("TZ", "Europe/Samara", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

  static google::protobuf::Timestamp At(const char* text) {
    google::protobuf::Timestamp t;
    EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(text, &t));
    return t;
  }

 private:
  std::optional<std::string> saved_;
};

TEST_F(LocalDateTest, UsesTheConfiguredZoneNotUtc) {
  // Samara is UTC+4: 20:30 UTC on New Year's Eve is already 2026 there, so the sale is at 22%.
  EXPECT_EQ(LocalDate(At("2025-12-31T20:30:00Z")), Date(2026, January, 1));
  EXPECT_EQ(LocalDate(At("2025-12-31T19:59:59Z")), Date(2025, December, 31));
  EXPECT_EQ(ComputeSaleAmounts(1250, 800'000, LocalDate(At("2025-12-31T20:30:00Z"))).vat_rate_bp,
            2200);
}

}  // namespace
}  // namespace crm::planning::domain
