#include "common/ru/amount_in_words.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

namespace crm::common::ru {
namespace {

struct AmountCase {
  int64_t kopecks;
  const char* words;
};

// Readable parameter in failure messages instead of a byte dump.
void PrintTo(const AmountCase& c, std::ostream* os) { *os << c.kopecks << " -> " << c.words; }

class AmountInWordsTest : public ::testing::TestWithParam<AmountCase> {};

TEST_P(AmountInWordsTest, SpellsAmount) {
  EXPECT_EQ(AmountInWords(GetParam().kopecks), GetParam().words);
}

// Every plural edge of roubles (1, 2–4, 5–20, 11–14, compound numbers) and of kopecks.
constexpr AmountCase kRoubleCases[] = {
    {0, "Ноль рублей 00 копеек"},
    {100, "Один рубль 00 копеек"},
    {200, "Два рубля 00 копеек"},
    {400, "Четыре рубля 00 копеек"},
    {500, "Пять рублей 00 копеек"},
    {1000, "Десять рублей 00 копеек"},
    {1100, "Одиннадцать рублей 00 копеек"},
    {1200, "Двенадцать рублей 00 копеек"},
    {1400, "Четырнадцать рублей 00 копеек"},
    {1900, "Девятнадцать рублей 00 копеек"},
    {2000, "Двадцать рублей 00 копеек"},
    {2100, "Двадцать один рубль 00 копеек"},
    {2200, "Двадцать два рубля 00 копеек"},
    {2500, "Двадцать пять рублей 00 копеек"},
    {10100, "Сто один рубль 00 копеек"},
    {11100, "Сто одиннадцать рублей 00 копеек"},
    {11200, "Сто двенадцать рублей 00 копеек"},
    {21400, "Двести четырнадцать рублей 00 копеек"},
    {99900, "Девятьсот девяносто девять рублей 00 копеек"},
    {100000, "Одна тысяча рублей 00 копеек"},
    {100100, "Одна тысяча один рубль 00 копеек"},
    {200000, "Две тысячи рублей 00 копеек"},
    {400000, "Четыре тысячи рублей 00 копеек"},
    {500000, "Пять тысяч рублей 00 копеек"},
    {1100000, "Одиннадцать тысяч рублей 00 копеек"},
    {1200000, "Двенадцать тысяч рублей 00 копеек"},
    {2100000, "Двадцать одна тысяча рублей 00 копеек"},
    {2200000, "Двадцать две тысячи рублей 00 копеек"},
    {11100000, "Сто одиннадцать тысяч рублей 00 копеек"},
    {12200000, "Сто двадцать две тысячи рублей 00 копеек"},
    {100000000, "Один миллион рублей 00 копеек"},
    {200000000, "Два миллиона рублей 00 копеек"},
    {500000000, "Пять миллионов рублей 00 копеек"},
    {2100000100, "Двадцать один миллион один рубль 00 копеек"},
    {100000000000, "Один миллиард рублей 00 копеек"},
    {300000000000, "Три миллиарда рублей 00 копеек"},
    {1100000000000, "Одиннадцать миллиардов рублей 00 копеек"},
    {100000000000000, "Один триллион рублей 00 копеек"},
    {200000000000000, "Два триллиона рублей 00 копеек"},
    {1200000000000000, "Двенадцать триллионов рублей 00 копеек"},
    {100230040050000,
     "Один триллион два миллиарда триста миллионов четыреста тысяч пятьсот рублей 00 копеек"},
};

INSTANTIATE_TEST_SUITE_P(Roubles, AmountInWordsTest, ::testing::ValuesIn(kRoubleCases));

constexpr AmountCase kKopeckCases[] = {
    {1, "Ноль рублей 01 копейка"},
    {2, "Ноль рублей 02 копейки"},
    {4, "Ноль рублей 04 копейки"},
    {5, "Ноль рублей 05 копеек"},
    {10, "Ноль рублей 10 копеек"},
    {11, "Ноль рублей 11 копеек"},
    {12, "Ноль рублей 12 копеек"},
    {14, "Ноль рублей 14 копеек"},
    {21, "Ноль рублей 21 копейка"},
    {22, "Ноль рублей 22 копейки"},
    {25, "Ноль рублей 25 копеек"},
    {99, "Ноль рублей 99 копеек"},
    {201, "Два рубля 01 копейка"},
    {12345602, "Сто двадцать три тысячи четыреста пятьдесят шесть рублей 02 копейки"},
    {100111, "Одна тысяча один рубль 11 копеек"},
    {2105, "Двадцать один рубль 05 копеек"},
    {1421, "Четырнадцать рублей 21 копейка"},
};

INSTANTIATE_TEST_SUITE_P(Kopecks, AmountInWordsTest, ::testing::ValuesIn(kKopeckCases));

constexpr AmountCase kNegativeCases[] = {
    {-201, "Минус два рубля 01 копейка"},
    {-100000, "Минус одна тысяча рублей 00 копеек"},
    {-5, "Минус ноль рублей 05 копеек"},
};

INSTANTIATE_TEST_SUITE_P(Negative, AmountInWordsTest, ::testing::ValuesIn(kNegativeCases));

TEST(AmountInWordsExtremesTest, HandlesInt64Limits) {
  EXPECT_EQ(AmountInWords(std::numeric_limits<int64_t>::max()),
            "Девяносто два квадриллиона двести тридцать три триллиона семьсот двадцать "
            "миллиардов триста шестьдесят восемь миллионов пятьсот сорок семь тысяч семьсот "
            "пятьдесят восемь рублей 07 копеек");
  EXPECT_EQ(AmountInWords(std::numeric_limits<int64_t>::min()),
            "Минус девяносто два квадриллиона двести тридцать три триллиона семьсот двадцать "
            "миллиардов триста шестьдесят восемь миллионов пятьсот сорок семь тысяч семьсот "
            "пятьдесят восемь рублей 08 копеек");
}

TEST(NumberInWordsTest, AgreesWithGender) {
  EXPECT_EQ(NumberInWords(1, Gender::kMasculine), "один");
  EXPECT_EQ(NumberInWords(1, Gender::kFeminine), "одна");
  EXPECT_EQ(NumberInWords(1, Gender::kNeuter), "одно");
  EXPECT_EQ(NumberInWords(2, Gender::kMasculine), "два");
  EXPECT_EQ(NumberInWords(2, Gender::kFeminine), "две");
  EXPECT_EQ(NumberInWords(2, Gender::kNeuter), "два");
  EXPECT_EQ(NumberInWords(22, Gender::kFeminine), "двадцать две");
  EXPECT_EQ(NumberInWords(12, Gender::kFeminine), "двенадцать");
}

TEST(NumberInWordsTest, ThousandsAreFeminineAndLargerScalesMasculine) {
  // The gender argument only affects the last three digits.
  EXPECT_EQ(NumberInWords(2002, Gender::kMasculine), "две тысячи два");
  EXPECT_EQ(NumberInWords(1001, Gender::kFeminine), "одна тысяча одна");
  EXPECT_EQ(NumberInWords(2000000, Gender::kFeminine), "два миллиона");
  EXPECT_EQ(NumberInWords(1000000000, Gender::kFeminine), "один миллиард");
  EXPECT_EQ(NumberInWords(21000000000000, Gender::kFeminine), "двадцать один триллион");
}

TEST(NumberInWordsTest, ZeroAndNegative) {
  EXPECT_EQ(NumberInWords(0, Gender::kMasculine), "ноль");
  EXPECT_EQ(NumberInWords(-1, Gender::kFeminine), "минус одна");
  EXPECT_EQ(NumberInWords(-2000, Gender::kMasculine), "минус две тысячи");
}

TEST(NumberInWordsTest, SkipsEmptyGroups) {
  EXPECT_EQ(NumberInWords(1000001, Gender::kMasculine), "один миллион один");
  EXPECT_EQ(NumberInWords(1000000000000000000, Gender::kMasculine), "один квинтиллион");
  EXPECT_EQ(NumberInWords(100010, Gender::kMasculine), "сто тысяч десять");
}

TEST(PluralFormTest, ChoosesOneFewMany) {
  for (int64_t n : {1, 21, 101, 1001, 21000001, -1, -21}) {
    EXPECT_EQ(PluralForm(n, "one", "few", "many"), "one") << n;
  }
  for (int64_t n : {2, 3, 4, 22, 24, 102, 1004, -22}) {
    EXPECT_EQ(PluralForm(n, "one", "few", "many"), "few") << n;
  }
  // Numbers ending in 11–14 always take the "many" form.
  for (int64_t n : {0,   5,   10,  11,   12,   13,   14,   15,    19,    20, 25,
                    111, 112, 114, 1000, 1011, 2000, 5000, 11000, 21000, -11}) {
    EXPECT_EQ(PluralForm(n, "one", "few", "many"), "many") << n;
  }
  EXPECT_EQ(PluralForm(std::numeric_limits<int64_t>::min(), "one", "few", "many"), "many");
}

}  // namespace
}  // namespace crm::common::ru
