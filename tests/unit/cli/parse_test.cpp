#include "tools/cli/parse.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <tuple>

namespace crm::cli {
namespace {

TEST(ParseRublesToKopecks, WholeRoubles) {
  EXPECT_EQ(ParseRublesToKopecks("8000"), 800000);
  EXPECT_EQ(ParseRublesToKopecks("0"), 0);
}

TEST(ParseRublesToKopecks, DecimalsArePaddedNotRounded) {
  EXPECT_EQ(ParseRublesToKopecks("8000.50"), 800050);
  EXPECT_EQ(ParseRublesToKopecks("8000.5"), 800050);
  EXPECT_EQ(ParseRublesToKopecks("8000.05"), 800005);
  EXPECT_EQ(ParseRublesToKopecks("0.01"), 1);
}

TEST(ParseRublesToKopecks, AcceptsDecimalComma) {
  EXPECT_EQ(ParseRublesToKopecks("12000,99"), 1200099);
}

TEST(ParseRublesToKopecks, ValuesBinaryFloatingPointGetsWrong) {
  // 0.29 * 100 is 28.999999999999996 as a double; parsing as text keeps it exact.
  EXPECT_EQ(ParseRublesToKopecks("0.29"), 29);
  EXPECT_EQ(ParseRublesToKopecks("1.15"), 115);
  EXPECT_EQ(ParseRublesToKopecks("92233720368547758.07"), 9223372036854775807);
}

TEST(ParseRublesToKopecks, RejectsWhatIsNotAnExactAmount) {
  for (const char* bad : {"", "8000.505", "-5", "+5", "8 000", "8e3", "abc", ".5", "5.", "5..0",
                          "5.0.0", "0x10", "92233720368547758.08", "99999999999999999999"}) {
    EXPECT_THROW(ParseRublesToKopecks(bad), ArgumentError) << bad;
  }
}

TEST(ParseRublesToKopecks, ErrorNamesTheValue) {
  try {
    ParseRublesToKopecks("12.345");
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("12.345"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("2 decimal places"), std::string::npos);
  }
}

TEST(ParseSquareMetresToDm2, Examples) {
  EXPECT_EQ(ParseSquareMetresToDm2("12.5"), 1250);
  EXPECT_EQ(ParseSquareMetresToDm2("12"), 1200);
  EXPECT_EQ(ParseSquareMetresToDm2("12.25"), 1225);
  EXPECT_EQ(ParseSquareMetresToDm2("0,5"), 50);
  EXPECT_THROW(ParseSquareMetresToDm2("12.255"), ArgumentError);
  EXPECT_THROW(ParseSquareMetresToDm2("-1"), ArgumentError);
}

TEST(ParseFixedPoint, OtherScales) {
  EXPECT_EQ(ParseFixedPoint("7", 0, "x"), 7);
  EXPECT_THROW(ParseFixedPoint("7.1", 0, "x"), ArgumentError);
  EXPECT_EQ(ParseFixedPoint("1.234", 3, "x"), 1234);
}

TEST(ParseContactType, ShortAndFullNames) {
  EXPECT_EQ(ParseContactType("call"), planning::v1::CONTACT_TYPE_CALL);
  EXPECT_EQ(ParseContactType("Meeting"), planning::v1::CONTACT_TYPE_MEETING);
  EXPECT_EQ(ParseContactType("email"), planning::v1::CONTACT_TYPE_EMAIL);
  EXPECT_EQ(ParseContactType("LETTER"), planning::v1::CONTACT_TYPE_LETTER);
  EXPECT_EQ(ParseContactType("exhibition_meeting"), planning::v1::CONTACT_TYPE_EXHIBITION_MEETING);
  EXPECT_EQ(ParseContactType("CONTACT_TYPE_CALL"), planning::v1::CONTACT_TYPE_CALL);
  EXPECT_THROW(ParseContactType("unspecified"), ArgumentError);
  EXPECT_THROW(ParseContactType("fax"), ArgumentError);
  EXPECT_THROW(ParseContactType(""), ArgumentError);
}

TEST(ParseRefusalReason, AllReasons) {
  EXPECT_EQ(ParseRefusalReason("no_budget"), planning::v1::REFUSAL_REASON_NO_BUDGET);
  EXPECT_EQ(ParseRefusalReason("not_target_audience"),
            planning::v1::REFUSAL_REASON_NOT_TARGET_AUDIENCE);
  EXPECT_EQ(ParseRefusalReason("chose-competitor"), planning::v1::REFUSAL_REASON_CHOSE_COMPETITOR);
  EXPECT_EQ(ParseRefusalReason("DATES_DO_NOT_SUIT"),
            planning::v1::REFUSAL_REASON_DATES_DO_NOT_SUIT);
  EXPECT_EQ(ParseRefusalReason("REFUSAL_REASON_OTHER"), planning::v1::REFUSAL_REASON_OTHER);
  EXPECT_THROW(ParseRefusalReason("expensive"), ArgumentError);
}

TEST(ParseDate, ValidDates) {
  auto d = ParseDate("2027-03-16");
  EXPECT_EQ(d.year(), 2027);
  EXPECT_EQ(d.month(), 3);
  EXPECT_EQ(d.day(), 16);
  EXPECT_EQ(ParseDate("2028-02-29").day(), 29);
  EXPECT_EQ(ParseDate("2000-02-29").day(), 29);
}

TEST(ParseDate, InvalidDates) {
  for (const char* bad : {"2027-02-29", "1900-02-29", "2027-13-01", "2027-00-10", "2027-04-31",
                          "2027-4-1", "27-04-01", "2027/04/01", "2027-04-01T00:00:00Z", ""}) {
    EXPECT_THROW(ParseDate(bad), ArgumentError) << bad;
  }
}

TEST(ParseTimestamp, Rfc3339WithZone) {
  auto ts = ParseTimestamp("2027-03-01T10:00:00+04:00", "--at");
  EXPECT_EQ(ts.seconds(), 1803880800);  // 2027-03-01T06:00:00Z
  EXPECT_EQ(ParseTimestamp("2027-03-01T06:00:00Z", "--at").seconds(), 1803880800);
  EXPECT_EQ(ParseTimestamp("2027-03-01T06:00:00.5Z", "--at").nanos(), 500000000);
}

TEST(ParseTimestamp, RejectsOtherForms) {
  EXPECT_THROW(ParseTimestamp("2027-03-01", "--at"), ArgumentError);
  EXPECT_THROW(ParseTimestamp("tomorrow", "--at"), ArgumentError);
  try {
    ParseTimestamp("soon", "--reschedule-to");
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("--reschedule-to"), std::string::npos);
  }
}

TEST(UnescapeJsonUnicode, CyrillicBecomesUtf8) {
  EXPECT_EQ(UnescapeJsonUnicode(
                R"({"name": "\u041e\u041e\u041e \u00ab\u0412\u043e\u043b\u0433\u0430\u00bb"})"),
            "{\"name\": \"ООО «Волга»\"}");
}

TEST(UnescapeJsonUnicode, SurrogatePairs) {
  EXPECT_EQ(UnescapeJsonUnicode(R"(["\ud83d\ude00"])"), "[\"\xF0\x9F\x98\x80\"]");
}

TEST(UnescapeJsonUnicode, KeepsWhatMustStayEscaped) {
  EXPECT_EQ(UnescapeJsonUnicode(R"(["\u0022\u005c\u0001\n\"\\u0041"])"),
            R"(["\u0022\u005c\u0001\n\"\\u0041"])");
  // A lone surrogate cannot be written as UTF-8.
  EXPECT_EQ(UnescapeJsonUnicode(R"(["\ud83d x"])"), R"(["\ud83d x"])");
  EXPECT_EQ(UnescapeJsonUnicode(R"(["\ude00"])"), R"(["\ude00"])");
  // Malformed escapes are copied.
  EXPECT_EQ(UnescapeJsonUnicode(R"(["\u12"])"), R"(["\u12"])");
}

TEST(UnescapeJsonUnicode, AlreadyUtf8AndAsciiUnchanged) {
  std::string json = "{\n  \"a\": \"Самара\",\n  \"b\": 1\n}";
  EXPECT_EQ(UnescapeJsonUnicode(json), json);
  EXPECT_EQ(UnescapeJsonUnicode(R"({"a":"\u0041\u003c"})"), R"({"a":"A<"})");
}

TEST(SafeFileName, KeepsOnlyTheBaseName) {
  EXPECT_EQ(SafeFileName("Счёт 2027-000001.pdf"), "Счёт 2027-000001.pdf");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SafeFileName("a\\b.pdf"), "b.pdf");
  EXPECT_EQ(SafeFileName("x\ny.pdf"), "xy.pdf");
  EXPECT_EQ(SafeFileName(""), "document.pdf");
  EXPECT_EQ(SafeFileName("dir/.."), "document.pdf");
}

TEST(LocalMonthAround, FromTheFirstMidnightToTheNextMonthsInTheLocalZone) {
  const char* old = getenv("TZ");
  const std::string saved = old == nullptr ? "" : old;
  setenv("TZ", "Europe/Samara", 1);
  tzset();
  // 2027-03-16T06:00:00Z; March 1 00:00 in Samara is 2027-02-28T20:00:00Z.
  auto [from, to] = LocalMonthAround(1805176800);
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(from), "2027-02-28T20:00:00Z");
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(to), "2027-03-31T20:00:00Z");
  // December rolls over into the next year.
  std::tie(from, to) = LocalMonthAround(1828260000);  // 2027-12-08T10:00:00Z
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(from), "2027-11-30T20:00:00Z");
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(to), "2027-12-31T20:00:00Z");
  if (old == nullptr) {
    unsetenv("TZ");
  } else {
    setenv("TZ", saved.c_str(), 1);
  }
  tzset();
}

}  // namespace
}  // namespace crm::cli
