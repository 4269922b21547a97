#include "common/ru/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm::common::ru {
namespace {

// Expected strings spell the separator out so a stray regular space cannot pass.
const std::string kNbsp = "\xC2\xA0";

TEST(AreaAmountKopecksTest, WholeSquareMetres) {
  // 12 m² at 10 000,00 RUB/m².
  EXPECT_EQ(AreaAmountKopecks(1200, 1000000), 12000000);
  EXPECT_EQ(AreaAmountKopecks(0, 1000000), 0);
  EXPECT_EQ(AreaAmountKopecks(1200, 0), 0);
}

TEST(AreaAmountKopecksTest, FractionalSquareMetres) {
  // 12,5 m² at 9 760,00 RUB/m² = 122 000,00 RUB.
  EXPECT_EQ(AreaAmountKopecks(1250, 976000), 12200000);
  // 0,01 m² at 1,00 RUB/m² = 0,01 RUB.
  EXPECT_EQ(AreaAmountKopecks(1, 10000), 100);
  // 12,25 m² at 1 234,56 RUB/m² = 15 123,36 RUB exactly.
  EXPECT_EQ(AreaAmountKopecks(1225, 123456), 1512336);
}

TEST(AreaAmountKopecksTest, RoundsHalfUpToKopeck) {
  // 0,01 m² at 0,50 RUB/m² = 0,005 RUB -> 0,01.
  EXPECT_EQ(AreaAmountKopecks(1, 50), 1);
  // 0,01 m² at 0,49 RUB/m² = 0,0049 RUB -> 0,00.
  EXPECT_EQ(AreaAmountKopecks(1, 49), 0);
  // 12,33 m² at 1 000,01 RUB/m² = 12 330,1233 RUB -> 12 330,12.
  EXPECT_EQ(AreaAmountKopecks(1233, 100001), 1233012);
  // 3,33 m² at 0,15 RUB/m² = 0,4995 RUB -> 0,50.
  EXPECT_EQ(AreaAmountKopecks(333, 15), 50);
}

TEST(AreaAmountKopecksTest, NegativePriceRoundsHalfAwayFromZero) {
  EXPECT_EQ(AreaAmountKopecks(1, -50), -1);
  EXPECT_EQ(AreaAmountKopecks(1, -49), 0);
}

TEST(AreaAmountKopecksTest, ThrowsOnOverflow) {
  EXPECT_THROW(AreaAmountKopecks(std::numeric_limits<int64_t>::max(), 2), std::overflow_error);
  EXPECT_THROW(AreaAmountKopecks(4'000'000'000'000, 4'000'000'000'000), std::overflow_error);
  EXPECT_NO_THROW(AreaAmountKopecks(std::numeric_limits<int64_t>::max(), 1));
}

TEST(FormatRublesTest, GroupsThousandsWithNoBreakSpace) {
  EXPECT_EQ(FormatRubles(12200000), "122" + kNbsp + "000,00");
  EXPECT_EQ(FormatRubles(123456789), "1" + kNbsp + "234" + kNbsp + "567,89");
  EXPECT_EQ(FormatRubles(100000), "1" + kNbsp + "000,00");
  EXPECT_EQ(FormatRubles(99999), "999,99");
}

TEST(FormatRublesTest, SmallAmounts) {
  EXPECT_EQ(FormatRubles(0), "0,00");
  EXPECT_EQ(FormatRubles(1), "0,01");
  EXPECT_EQ(FormatRubles(10), "0,10");
  EXPECT_EQ(FormatRubles(100), "1,00");
}

TEST(FormatRublesTest, NegativeAmounts) {
  EXPECT_EQ(FormatRubles(-1), "-0,01");
  EXPECT_EQ(FormatRubles(-12200000), "-122" + kNbsp + "000,00");
  EXPECT_EQ(
      FormatRubles(std::numeric_limits<int64_t>::min()),
      "-92" + kNbsp + "233" + kNbsp + "720" + kNbsp + "368" + kNbsp + "547" + kNbsp + "758,08");
}

TEST(FormatRublesTest, SeparatorConstantIsNoBreakSpace) {
  EXPECT_EQ(std::string(kGroupSeparator), kNbsp);
}

TEST(FormatAreaM2Test, DropsTrailingZeros) {
  EXPECT_EQ(FormatAreaM2(1250), "12,5");
  EXPECT_EQ(FormatAreaM2(1200), "12");
  EXPECT_EQ(FormatAreaM2(1225), "12,25");
  EXPECT_EQ(FormatAreaM2(1205), "12,05");
  EXPECT_EQ(FormatAreaM2(5), "0,05");
  EXPECT_EQ(FormatAreaM2(50), "0,5");
  EXPECT_EQ(FormatAreaM2(0), "0");
}

TEST(FormatAreaM2Test, GroupsThousandsAndKeepsSign) {
  EXPECT_EQ(FormatAreaM2(123456750), "1" + kNbsp + "234" + kNbsp + "567,5");
  EXPECT_EQ(FormatAreaM2(-1250), "-12,5");
}

TEST(FormatQuantityTest, DropsTrailingZeros) {
  EXPECT_EQ(FormatQuantity(1500), "1,5");
  EXPECT_EQ(FormatQuantity(2000), "2");
  EXPECT_EQ(FormatQuantity(12345), "12,345");
  EXPECT_EQ(FormatQuantity(12500), FormatAreaM2(1250));
  EXPECT_EQ(FormatQuantity(1'234'000), "1" + kNbsp + "234");
}

TEST(QuantityAmountKopecksTest, RoundsHalfUpToKopeck) {
  EXPECT_EQ(QuantityAmountKopecks(1000, 1'200'000), 1'200'000);  // 1 шт. × 12 000,00
  EXPECT_EQ(QuantityAmountKopecks(1500, 333), 500);              // 1.5 × 3,33 = 4,995 -> 5,00
  EXPECT_EQ(QuantityAmountKopecks(1, 499), 0);                   // 0,000499 -> 0
  EXPECT_THROW(QuantityAmountKopecks(std::numeric_limits<int64_t>::max(), 2), std::overflow_error);
}

TEST(AllocateProportionallyTest, PartsSumToTheTotalExactly) {
  // 10% of 144 000,00 + 12 000,00: 15 600,00 split 144:12.
  EXPECT_EQ(AllocateProportionally(1'560'000, {14'400'000, 1'200'000}),
            (std::vector<int64_t>{1'440'000, 120'000}));
  // 1 kopeck over three equal lines goes to the first; 2 to the first two.
  EXPECT_EQ(AllocateProportionally(1, {100, 100, 100}), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(AllocateProportionally(2, {100, 100, 100}), (std::vector<int64_t>{1, 1, 0}));
  // The largest remainder wins the leftover kopeck.
  EXPECT_EQ(AllocateProportionally(10, {1, 2}), (std::vector<int64_t>{3, 7}));
}

TEST(AllocateProportionallyTest, ZeroWeightsAndEmptyInput) {
  EXPECT_EQ(AllocateProportionally(500, {0, 0}), (std::vector<int64_t>{500, 0}));
  EXPECT_TRUE(AllocateProportionally(500, {}).empty());
  EXPECT_EQ(AllocateProportionally(0, {5, 7}), (std::vector<int64_t>{0, 0}));
}

}  // namespace
}  // namespace crm::common::ru
