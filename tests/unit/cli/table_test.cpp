#include "tools/cli/table.h"

#include <gtest/gtest.h>

namespace crm::cli {
namespace {

TEST(DisplayWidth, CountsWhatATerminalShows) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  // Cyrillic letters are two bytes each in UTF-8 but one column.
  EXPECT_EQ(DisplayWidth("Сбербанк"), 8u);
  EXPECT_EQ(DisplayWidth("122\u00a0000,00\u00a0₽"), 12u);
  EXPECT_EQ(DisplayWidth("12,5\u00a0м²"), 7u);
  // A combining accent takes no column; CJK and emoji take two.
  EXPECT_EQ(DisplayWidth("е\u0301"), 1u);
  EXPECT_EQ(DisplayWidth("展会"), 4u);
  EXPECT_EQ(DisplayWidth("\U0001F600"), 2u);
}

TEST(DisplayWidth, InvalidBytesCountOneEach) {
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2u);
  EXPECT_EQ(DisplayWidth("a\xd0"), 2u);         // cut in the middle of a letter
  EXPECT_EQ(DisplayWidth("\xc0\xaf"), 2u);      // overlong '/'
  EXPECT_EQ(DisplayWidth("\xed\xa0\x80"), 3u);  // a surrogate
}

TEST(Truncate, KeepsWhatFits) {
  EXPECT_EQ(Truncate("ВолгаСтрой", 10), "ВолгаСтрой");
  EXPECT_EQ(Truncate("ВолгаСтрой", 20), "ВолгаСтрой");
}

TEST(Truncate, CutsByColumnsNotBytesAndEndsInAnEllipsis) {
  EXPECT_EQ(Truncate("ВолгаСтрой", 6), "Волга…");
  EXPECT_EQ(DisplayWidth(Truncate("ВолгаСтрой", 6)), 6u);
  EXPECT_EQ(Truncate("ООО «Волга Строй»", 12), "ООО «Волга…");  // no space before "…"
  EXPECT_EQ(Truncate("展会展会", 4), "展…");                    // a wide letter does not fit
  EXPECT_EQ(Truncate("abc", 1), "…");
  EXPECT_EQ(Truncate("abc", 0), "");
}

TEST(RenderTable, AlignsCyrillicColumns) {
  const std::string table = RenderTable(
      {{"CLIENT"}, {"CITY"}, {"AMOUNT", Align::kRight}},
      {{"Сбербанк", "Самара", "122\u00a0000,00\u00a0₽"}, {"ВТЗ", "Тольятти", "5,00\u00a0₽"}});
  EXPECT_EQ(table,
            "CLIENT    CITY            AMOUNT\n"
            "Сбербанк  Самара    122\u00a0000,00\u00a0₽\n"
            "ВТЗ       Тольятти        5,00\u00a0₽\n");
}

TEST(RenderTable, TruncatesLongValuesToTheColumnsLimit) {
  const std::string table =
      RenderTable({{"CLIENT", Align::kLeft, 8}, {"NAME"}},
                  {{"Волжский трубный завод", "clients/0b7e5a3c-0000-0000-0000-000000000001"}});
  EXPECT_EQ(table,
            "CLIENT    NAME\n"
            "Волжски…  clients/0b7e5a3c-0000-0000-0000-000000000001\n");
}

TEST(RenderTable, ControlCharactersDoNotBreakTheLines) {
  EXPECT_EQ(RenderTable({{"COMMENT"}}, {{"первая\nвторая\tстрока"}}),
            "COMMENT\n"
            "первая вторая строка\n");
}

TEST(RenderTable, FitsATerminalByNarrowingTheWidestTruncatableColumn) {
  const std::vector<TableColumn> columns = {
      {"CLIENT", Align::kLeft, 40}, {"PURPOSE", Align::kLeft, 40}, {"NAME"}};
  const std::vector<std::vector<std::string>> rows = {
      {"Самарский подшипниковый завод", "Предложить угловой стенд на выставке", "contacts/1"}};
  const std::string table = RenderTable(columns, rows, 50);
  for (size_t start = 0; start < table.size();) {
    const size_t end = table.find('\n', start);
    EXPECT_LE(DisplayWidth(table.substr(start, end - start)), 50u) << table;
    start = end + 1;
  }
  EXPECT_NE(table.find("contacts/1"), std::string::npos) << table;  // never cut
  EXPECT_NE(table.find("Самарский подшипн"), std::string::npos) << table;
  EXPECT_NE(table.find("Предложить угл"), std::string::npos) << table;
}

TEST(RenderTable, DoesNotNarrowBelowTheHeader) {
  const std::string table = RenderTable({{"CLIENT", Align::kLeft, 40}, {"NAME"}},
                                        {{"Самарский подшипниковый завод", "clients/1"}}, 10);
  EXPECT_EQ(table,
            "CLIENT  NAME\n"
            "Самар…  clients/1\n");
}

TEST(RenderFields, PadsTheLabels) {
  EXPECT_EQ(RenderFields({{"Sales:", "3"}, {"Net amount:", "122\u00a0000,00\u00a0₽"}}),
            "Sales:       3\n"
            "Net amount:  122\u00a0000,00\u00a0₽\n");
}

}  // namespace
}  // namespace crm::cli
