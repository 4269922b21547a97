// The one page token design (common/api/page_token.h).
#include "common/api/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/paging.h"
#include "crm/planning/v1/calendar.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "tests/unit/common/api/violations.h"

namespace crm::common::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kAnna[] = "employees/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901";
constexpr char kBoris[] = "employees/1c7f8b9d-2e3f-4a41-8b52-c6d7e8f9a012";

crm::registry::v1::SearchClientsRequest Search(const std::string& query) {
  crm::registry::v1::SearchClientsRequest request;
  request.set_query(query);
  request.set_page_size(20);
  return request;
}

// Reads `token` against `query`; the fields of what was wrong go to `fields`.
std::optional<PageKeyParts> Read(const PageQuery& query, std::string_view token,
                                 std::vector<std::string>* fields, std::size_t parts = 2) {
  Violations violations;
  auto key = ReadPageToken(violations, query, token, parts);
  *fields = testing::FieldsOf(violations);
  return key;
}

TEST(PageTokenTest, ATokenReadsBackItsKeyForTheQueryItWasIssuedFor) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  // Separators, digits and non-ASCII text survive as they are.
  const PageKeyParts key{"ООО «Ромашка»: 12:3", "0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901"};
  const std::string token = IssuePageToken(query, key);
  std::vector<std::string> fields;
  EXPECT_THAT(Read(query, token, &fields), ::testing::Optional(key));
  EXPECT_THAT(fields, IsEmpty());
  // Opaque and URL-safe.
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(token.find("romashka"), std::string::npos);
}

TEST(PageTokenTest, AnEmptyTokenIsTheFirstPage) {
  std::vector<std::string> fields;
  EXPECT_EQ(Read(PageQueryOf(Search("a"), kAnna), "", &fields), std::nullopt);
  EXPECT_THAT(fields, IsEmpty());
}

TEST(PageTokenTest, ThePageSizeMayChangeFromPageToPage) {
  auto first = Search("romashka");
  const std::string token = IssuePageToken(PageQueryOf(first, kAnna), {"b", "1"});
  auto next = first;
  next.set_page_size(100);
  next.set_page_token(token);
  std::vector<std::string> fields;
  EXPECT_TRUE(Read(PageQueryOf(next, kAnna), token, &fields).has_value());
  EXPECT_THAT(fields, IsEmpty());
}

TEST(PageTokenTest, ATimePageReadsThePageSizeTheQueryAndWhereItStarts) {
  crm::registry::v1::SearchClientsRequest first = Search("romashka");
  first.set_page_size(0);
  Violations violations;
  TimePage page = ReadTimePage(violations, first, kAnna);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
  EXPECT_EQ(page.page_size, common::kDefaultPageSize);
  EXPECT_EQ(page.after, std::nullopt);

  crm::registry::v1::SearchClientsRequest next = first;
  next.set_page_size(7);
  next.set_page_token(IssuePageToken(
      page.query, TimeKey{1'700'000'000'000'000, "0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901"}));
  page = ReadTimePage(violations, next, kAnna);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
  EXPECT_EQ(page.page_size, 7);
  ASSERT_TRUE(page.after.has_value());
  EXPECT_EQ(page.after->micros, 1'700'000'000'000'000);
  EXPECT_EQ(page.after->id, "0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901");
}

TEST(PageTokenTest, ATimePageReportsABadPageSizeAndABadTokenTogether) {
  crm::registry::v1::SearchClientsRequest request = Search("romashka");
  request.set_page_size(-1);
  request.set_page_token("not-a-token");
  Violations violations;
  const TimePage page = ReadTimePage(violations, request, kAnna);
  EXPECT_THAT(testing::FieldsOf(violations), ElementsAre("page_size", "page_token"));
  EXPECT_EQ(page.after, std::nullopt);
}

TEST(PageTokenTest, TheViewMayChangeFromPageToPage) {
  crm::planning::v1::ListCalendarRequest basic;
  basic.set_period(crm::planning::v1::CALENDAR_PERIOD_MONTH);
  basic.set_view(crm::planning::v1::CALENDAR_VIEW_BASIC);
  const std::string token = IssuePageToken(PageQueryOf(basic, kAnna), {"b", "1"});
  crm::planning::v1::ListCalendarRequest full = basic;
  full.set_view(crm::planning::v1::CALENDAR_VIEW_FULL);
  std::vector<std::string> fields;
  EXPECT_TRUE(Read(PageQueryOf(full, kAnna), token, &fields).has_value());
  EXPECT_THAT(fields, IsEmpty());
  full.set_period(crm::planning::v1::CALENDAR_PERIOD_WEEK);
  EXPECT_EQ(Read(PageQueryOf(full, kAnna), token, &fields), std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
}

TEST(PageTokenTest, ATokenOfAnotherListIsAViolationOfPageToken) {
  const std::string token = IssuePageToken(PageQueryOf(Search(""), kAnna), {"b", "1"});
  std::vector<std::string> fields;
  EXPECT_EQ(Read(PageQueryOf(crm::registry::v1::ListProjectsRequest(), kAnna), token, &fields),
            std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
}

TEST(PageTokenTest, ATokenIssuedForOtherFiltersIsAViolationOfPageToken) {
  const std::string token = IssuePageToken(PageQueryOf(Search("romashka"), kAnna), {"b", "1"});
  std::vector<std::string> fields;
  EXPECT_EQ(Read(PageQueryOf(Search("vasilek"), kAnna), token, &fields), std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
  auto deleted_too = Search("romashka");
  deleted_too.set_show_deleted(true);
  EXPECT_EQ(Read(PageQueryOf(deleted_too, kAnna), token, &fields), std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
}

TEST(PageTokenTest, ATokenIssuedToAnotherCallerIsAViolationOfPageToken) {
  const std::string token = IssuePageToken(PageQueryOf(Search("romashka"), kAnna), {"b", "1"});
  std::vector<std::string> fields;
  EXPECT_EQ(Read(PageQueryOf(Search("romashka"), kBoris), token, &fields), std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
}

TEST(PageTokenTest, ATamperedOrMadeUpTokenIsAViolationOfPageToken) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  const std::string token = IssuePageToken(query, {"Romashka", "1"});
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(Read(query, tampered, &fields), std::nullopt) << tampered;
    EXPECT_THAT(fields, ElementsAre("page_token")) << tampered;
  }
  for (const std::string& garbage : std::vector<std::string>{
           "not a token!", "YWJj", "%%%", "A", token.substr(0, token.size() - 1), token + "AA",
           std::string(10000, 'A')}) {
    EXPECT_EQ(Read(query, garbage, &fields), std::nullopt) << garbage;
    EXPECT_THAT(fields, ElementsAre("page_token")) << garbage;
  }
  // Another field's name is reported as given.
  Violations violations;
  EXPECT_EQ(ReadPageToken(violations, query, "%%%", 2, "scan.page_token"), std::nullopt);
  EXPECT_THAT(testing::FieldsOf(violations), ElementsAre("scan.page_token"));
}

TEST(PageTokenTest, AKeyOfAnotherShapeOrWithControlCharactersIsAViolation) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  std::vector<std::string> fields;
  EXPECT_EQ(Read(query, IssuePageToken(query, {"only one part"}), &fields), std::nullopt);
  EXPECT_THAT(fields, ElementsAre("page_token"));
  // The key parts go to SQL as parameters: control characters and broken UTF-8 never get there,
  // even in a token made with this very code.
  for (const std::string& bad : {std::string("a\nb"), std::string("a\0b", 3),
                                 std::string("\xD0", 1), std::string(2000, 'x')}) {
    EXPECT_EQ(Read(query, IssuePageToken(query, {bad, "1"}), &fields), std::nullopt);
    EXPECT_THAT(fields, ElementsAre("page_token"));
  }
}

TEST(PageTokenTest, ATimeKeyRoundTripsAndAnythingElseInItsPlaceIsAViolation) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  const TimeKey key{-1767225600123456, "0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901"};
  Violations violations;
  const auto read = ReadTimeKeyToken(violations, query, IssuePageToken(query, key));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->micros, key.micros);
  EXPECT_EQ(read->id, key.id);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
  for (const PageKeyParts& other : std::vector<PageKeyParts>{{"12x", key.id},
                                                             {"", key.id},
                                                             {"99999999999999999999999", key.id},
                                                             {"12", "not-a-uuid"}}) {
    EXPECT_EQ(ReadTimeKeyToken(violations, query, IssuePageToken(query, other)), std::nullopt);
    EXPECT_THAT(testing::FieldsOf(violations), ElementsAre("page_token"));
  }
  EXPECT_EQ(ReadTimeKeyToken(violations, query, ""), std::nullopt);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
}

TEST(PageTokenTest, ASequenceNumberRoundTripsAndAnythingElseInItsPlaceIsAViolation) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  Violations violations;
  EXPECT_EQ(ReadSeqToken(violations, query, IssuePageToken(query, int64_t{9007199254740993})),
            9007199254740993);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
  EXPECT_EQ(ReadSeqToken(violations, query, IssuePageToken(query, PageKeyParts{"12 "})),
            std::nullopt);
  EXPECT_THAT(testing::FieldsOf(violations), ElementsAre("page_token"));
  // A TimeKey's token has two parts, not one.
  EXPECT_EQ(ReadSeqToken(violations, query, IssuePageToken(query, TimeKey{12, "x"})), std::nullopt);
  EXPECT_THAT(testing::FieldsOf(violations), ElementsAre("page_token"));
}

TEST(PageTokenTest, NextPageTokenCutsTheExtraRowAndKeysTheTokenOnThePagesLastRow) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  const auto key_of = [](int64_t row) { return row; };
  std::vector<int64_t> rows{10, 20, 30, 40};  // a page of 3 read with one row more
  const std::string token = NextPageToken(rows, 3, query, key_of);
  EXPECT_THAT(rows, ElementsAre(10, 20, 30));
  Violations violations;
  EXPECT_EQ(ReadSeqToken(violations, query, token), 30);
  EXPECT_THAT(testing::FieldsOf(violations), IsEmpty());
}

TEST(PageTokenTest, NextPageTokenIsEmptyOnTheLastPage) {
  const PageQuery query = PageQueryOf(Search("romashka"), kAnna);
  const auto key_of = [](int64_t row) { return row; };
  std::vector<int64_t> full{10, 20, 30};
  EXPECT_EQ(NextPageToken(full, 3, query, key_of), "");
  EXPECT_THAT(full, ElementsAre(10, 20, 30));
  std::vector<int64_t> none;
  EXPECT_EQ(NextPageToken(none, 3, query, key_of), "");
}

}  // namespace
}  // namespace crm::common::api
