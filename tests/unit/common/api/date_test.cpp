// The one google.type.Date rule (common/api/date.h).
#include "common/api/date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/common/api/violations.h"

namespace crm::common::api {
namespace {

using namespace std::chrono;

google::type::Date Date(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(DateTest, FullDatesThatExistAreValid) {
  EXPECT_EQ(CalendarDate(Date(2026, 12, 31)), year{2026} / December / 31);
  EXPECT_EQ(CalendarDate(Date(1, 1, 1)), year{1} / January / 1);
  EXPECT_EQ(CalendarDate(Date(9999, 12, 31)), year{9999} / December / 31);
}

TEST(DateTest, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(CalendarDate(Date(2024, 2, 29)));
  EXPECT_TRUE(CalendarDate(Date(2000, 2, 29)));   // divisible by 400
  EXPECT_FALSE(CalendarDate(Date(1900, 2, 29)));  // by 100, not by 400
  EXPECT_FALSE(CalendarDate(Date(2100, 2, 29)));
  EXPECT_FALSE(CalendarDate(Date(2026, 2, 29)));
  EXPECT_FALSE(CalendarDate(Date(2026, 4, 31)));
}

TEST(DateTest, PartialUnsetAndOutOfRangeDatesAreNotValid) {
  EXPECT_FALSE(CalendarDate(Date(0, 0, 0)));
  EXPECT_TRUE(IsUnsetDate(Date(0, 0, 0)));
  EXPECT_FALSE(IsUnsetDate(Date(2026, 0, 0)));
  EXPECT_FALSE(CalendarDate(Date(2026, 0, 0)));  // a year alone
  EXPECT_FALSE(CalendarDate(Date(2026, 5, 0)));  // a month
  EXPECT_FALSE(CalendarDate(Date(0, 5, 17)));    // an anniversary
  EXPECT_FALSE(CalendarDate(Date(10000, 1, 1)));
  EXPECT_FALSE(CalendarDate(Date(-1, 1, 1)));
  EXPECT_FALSE(CalendarDate(Date(2026, 13, 1)));
  EXPECT_FALSE(CalendarDate(Date(2026, -1, 1)));
  EXPECT_FALSE(CalendarDate(Date(2026, 1, 32)));
  EXPECT_FALSE(CalendarDate(Date(2026, 1, -3)));
}

TEST(DateTest, ReadDateNamesTheField) {
  Violations v;
  EXPECT_TRUE(ReadDate(v, "edition.start_date", Date(2026, 3, 1)));
  EXPECT_FALSE(ReadDate(v, "edition.end_date", Date(2026, 2, 30)));
  EXPECT_THAT(testing::FieldsOf(v), ::testing::ElementsAre("edition.end_date"));
}

TEST(DateTest, IsoTextRoundTripsAndRefusesAnythingElse) {
  EXPECT_EQ(IsoDate(year{2026} / March / 7), "2026-03-07");
  EXPECT_EQ(IsoDate(year{12} / January / 1), "0012-01-01");
  EXPECT_EQ(IsoDate(Date(2024, 2, 29)), "2024-02-29");
  EXPECT_THROW(IsoDate(Date(2023, 2, 29)), std::invalid_argument);
  EXPECT_EQ(ParseIsoDate("2024-02-29"), year{2024} / February / 29);
  EXPECT_EQ(IsoDate(*ParseIsoDate("2000-02-29")), "2000-02-29");
  EXPECT_EQ(ProtoDate(*ParseIsoDate("2026-03-07")).day(), 7);
  for (const char* bad :
       {"", "2026-3-07", "2026-02-30", "2026/03/07", "20260307", "2026-03-07 ", "+026-03-07",
        "2026-+3-07", "0000-01-01", "abcd-ef-gh", "2000-2-29", "2001-02-29", "2000-13-01",
        "-infinity", "2000-02-29T", "20000-01-01", "2000/02/29"}) {
    EXPECT_FALSE(ParseIsoDate(bad)) << bad;
  }
}

}  // namespace
}  // namespace crm::common::api
