#include "common/ru/vat.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace crm::common::ru {
namespace {

using std::chrono::April;
using std::chrono::December;
using std::chrono::February;
using std::chrono::January;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr year_month_day Date(int y, std::chrono::month m, unsigned d) {
  return year_month_day{year{y}, m, std::chrono::day{d}};
}

TEST(StandardVatRateBpTest, TwentyPercentBefore2026) {
  EXPECT_EQ(StandardVatRateBp(Date(2025, December, 31)), 2000);
  EXPECT_EQ(StandardVatRateBp(Date(2024, February, 29)), 2000);
  EXPECT_EQ(StandardVatRateBp(Date(2019, January, 1)), 2000);
  EXPECT_EQ(StandardVatRateBp(Date(2010, April, 15)), 2000);
}

TEST(StandardVatRateBpTest, TwentyTwoPercentFrom2026) {
  EXPECT_EQ(StandardVatRateBp(Date(2026, January, 1)), 2200);
  EXPECT_EQ(StandardVatRateBp(Date(2026, January, 2)), 2200);
  EXPECT_EQ(StandardVatRateBp(Date(2030, April, 15)), 2200);
}

TEST(StandardVatRateBpTest, RejectsInvalidDate) {
  EXPECT_THROW(StandardVatRateBp(Date(2025, February, 30)), std::invalid_argument);
}

TEST(VatOnNetTest, ExactAmounts) {
  EXPECT_EQ(VatOnNet(0, 2200), 0);
  EXPECT_EQ(VatOnNet(10000, 2000), 2000);
  EXPECT_EQ(VatOnNet(12200000, 2200), 2684000);
  EXPECT_EQ(VatOnNet(12345, 0), 0);
}

TEST(VatOnNetTest, RoundsHalfUp) {
  // 1 kopeck * 20% = 0.2 -> 0; 3 * 20% = 0.6 -> 1.
  EXPECT_EQ(VatOnNet(1, 2000), 0);
  EXPECT_EQ(VatOnNet(3, 2000), 1);
  // 25 * 22% = 5.5 -> 6 (exactly half rounds up); 2 * 22% = 0.44 -> 0; 7 * 22% = 1.54 -> 2.
  EXPECT_EQ(VatOnNet(25, 2200), 6);
  EXPECT_EQ(VatOnNet(2, 2200), 0);
  EXPECT_EQ(VatOnNet(7, 2200), 2);
  // 5 * 10% = 0.5 -> 1; 4 * 10% = 0.4 -> 0.
  EXPECT_EQ(VatOnNet(5, 1000), 1);
  EXPECT_EQ(VatOnNet(4, 1000), 0);
  // 12345.67 RUB * 22% = 2716.0474 RUB -> 2716.05.
  EXPECT_EQ(VatOnNet(1234567, 2200), 271605);
}

TEST(VatOnNetTest, NegativeRoundsHalfAwayFromZero) {
  EXPECT_EQ(VatOnNet(-25, 2200), -6);
  EXPECT_EQ(VatOnNet(-5, 1000), -1);
  EXPECT_EQ(VatOnNet(-4, 1000), 0);
  EXPECT_EQ(VatOnNet(-1234567, 2200), -271605);
}

TEST(VatOnNetTest, ThrowsOnOverflow) {
  EXPECT_THROW(VatOnNet(std::numeric_limits<int64_t>::max(), 2200), std::overflow_error);
  EXPECT_THROW(VatOnNet(std::numeric_limits<int64_t>::min(), 2000), std::overflow_error);
  EXPECT_NO_THROW(VatOnNet(std::numeric_limits<int64_t>::max() / 2200, 2200));
}

TEST(ComputeVatTest, BreaksDownAmountAtBoundary) {
  const VatBreakdown before = ComputeVat(12200000, Date(2025, December, 31));
  EXPECT_EQ(before.net, 12200000);
  EXPECT_EQ(before.rate_bp, 2000);
  EXPECT_EQ(before.vat, 2440000);
  EXPECT_EQ(before.total, 14640000);

  const VatBreakdown after = ComputeVat(12200000, Date(2026, January, 1));
  EXPECT_EQ(after.net, 12200000);
  EXPECT_EQ(after.rate_bp, 2200);
  EXPECT_EQ(after.vat, 2684000);
  EXPECT_EQ(after.total, 14884000);
}

TEST(ComputeVatTest, RoundsAndTotals) {
  const VatBreakdown b = ComputeVat(1234567, Date(2026, April, 1));
  EXPECT_EQ(b.vat, 271605);
  EXPECT_EQ(b.total, 1506172);
  const VatBreakdown credit = ComputeVat(-25, Date(2026, April, 1));
  EXPECT_EQ(credit.vat, -6);
  EXPECT_EQ(credit.total, -31);
}

TEST(ComputeVatTest, ThrowsOnOverflow) {
  EXPECT_THROW(ComputeVat(std::numeric_limits<int64_t>::max(), Date(2026, April, 1)),
               std::overflow_error);
}

}  // namespace
}  // namespace crm::common::ru
