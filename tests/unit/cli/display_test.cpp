#include "tools/cli/display.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

namespace crm::cli {
namespace {

// U+00A0 NO-BREAK SPACE groups digits and separates the unit.
constexpr const char* kNbsp = "\u00a0";

TEST(MoneyText, RoublesWithGroupsAndKopecks) {
  EXPECT_EQ(MoneyText(12200000, "RUB"), std::string("122") + kNbsp + "000,00" + kNbsp + "₽");
  EXPECT_EQ(MoneyText(5, "RUB"), std::string("0,05") + kNbsp + "₽");
  EXPECT_EQ(MoneyText(123456789012, ""),
            std::string("1") + kNbsp + "234" + kNbsp + "567" + kNbsp + "890,12" + kNbsp + "₽");
  EXPECT_EQ(MoneyText(-150000, "RUB"), std::string("-1") + kNbsp + "500,00" + kNbsp + "₽");
}

TEST(MoneyText, OtherCurrenciesKeepTheirCode) {
  EXPECT_EQ(MoneyText(150000, "USD"), std::string("1") + kNbsp + "500,00" + kNbsp + "USD");
}

TEST(AreaText, SquareMetresWithADecimalComma) {
  EXPECT_EQ(AreaText(1250), std::string("12,5") + kNbsp + "м²");
  EXPECT_EQ(AreaText(1800), std::string("18") + kNbsp + "м²");
  EXPECT_EQ(AreaText(1225), std::string("12,25") + kNbsp + "м²");
  EXPECT_EQ(AreaText(180000), std::string("1") + kNbsp + "800" + kNbsp + "м²");
  EXPECT_EQ(AreaText(0), std::string("0") + kNbsp + "м²");
}

TEST(PercentText, BasisPoints) {
  EXPECT_EQ(PercentText(2200), "22%");
  EXPECT_EQ(PercentText(1250), "12,5%");
  EXPECT_EQ(PercentText(3333), "33,33%");
  EXPECT_EQ(PercentText(5), "0,05%");
  EXPECT_EQ(PercentText(0), "0%");
}

TEST(DateText, DayMonthYear) {
  EXPECT_EQ(DateText(2027, 3, 16), "16.03.2027");
  EXPECT_EQ(DateText(2027, 12, 1), "01.12.2027");
  EXPECT_EQ(DateText(0, 0, 0), "");
}

TEST(LocalTimeText, InTheLocalZone) {
  const char* old = getenv("TZ");
  const std::string saved = old == nullptr ? "" : old;
  setenv("TZ", "Europe/Samara", 1);
  tzset();
  // 2027-03-16T06:00:00Z is 10:00 in Samara (UTC+4).
  EXPECT_EQ(LocalTimeText(1805176800), "16.03.2027 10:00");
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(LocalTimeText(1805176800), "16.03.2027 06:00");
  if (old == nullptr) {
    unsetenv("TZ");
  } else {
    setenv("TZ", saved.c_str(), 1);
  }
  tzset();
}

TEST(EnumText, WithoutTheTypePrefixInLowerCase) {
  EXPECT_EQ(EnumText("CONTACT_STATE_PLANNED", "ContactState"), "planned");
  EXPECT_EQ(EnumText("VERIFICATION_STATE_PENDING_VERIFICATION", "VerificationState"),
            "pending_verification");
  EXPECT_EQ(EnumText("CONTACT_TYPE_UNSPECIFIED", "ContactType"), "");
  EXPECT_EQ(EnumText("sale", "ResultKind"), "sale");
  EXPECT_EQ(EnumText("OTHER_THING", "ContactType"), "other_thing");
}

}  // namespace
}  // namespace crm::cli
