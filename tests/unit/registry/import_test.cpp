#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/tabular/csv_reader.h"
#include "common/tabular/xlsx_reader.h"
#include "services/registry/domain/import/column_mapping.h"
#include "tests/support/temp_dir.h"

namespace crm::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<std::string> Cells(const common::tabular::SourceRow& row) { return row.cells; }

// ---- CSV ----

TEST(CsvReader, ReadsSemicolonSeparatedUtf8WithBom) {
  const std::string file =
      "\xEF\xBB\xBFИНН;Наименование;Телефон\r\n"
      "7707083893;ПАО Сбербанк;+7 495 500-55-50\r\n";
  common::tabular::SourceTable table = common::tabular::ReadCsv(file, {});
  EXPECT_THAT(table.header, ElementsAre("ИНН", "Наименование", "Телефон"));
  ASSERT_THAT(table.rows, SizeIs(1));
  EXPECT_EQ(table.rows[0].number, 2);
  EXPECT_THAT(Cells(table.rows[0]), ElementsAre("7707083893", "ПАО Сбербанк", "+7 495 500-55-50"));
}

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndLineBreaks) {
  const std::string file =
      "name,address,inn\n"
      "\"ООО \"\"Ромашка\"\"\",\"443001, Самара,\nул. Ленина, 1\",6316000000\n"
      "Второй,,7707083893\n";
  common::tabular::SourceTable table =
      common::tabular::ReadCsv(file, {.delimiter = common::tabular::CsvDelimiter::kComma});
  ASSERT_THAT(table.rows, SizeIs(2));
  EXPECT_THAT(Cells(table.rows[0]),
              ElementsAre("ООО \"Ромашка\"", "443001, Самара,\nул. Ленина, 1", "6316000000"));
  // The quoted line break keeps the record one row; the next record starts on line 4.
  EXPECT_EQ(table.rows[0].number, 2);
  EXPECT_EQ(table.rows[1].number, 4);
  EXPECT_THAT(Cells(table.rows[1]), ElementsAre("Второй", "", "7707083893"));
}

TEST(CsvReader, KeepsBareQuotesOfUnquotedFieldsAsText) {
  common::tabular::SourceTable table = common::tabular::ReadCsv("a;b\nООО \"Ромашка\";1\n", {});
  ASSERT_THAT(table.rows, SizeIs(1));
  EXPECT_EQ(table.rows[0].cells[0], "ООО \"Ромашка\"");
}

TEST(CsvReader, DetectsWindows1251AndConvertsIt) {
  // "ИНН;Имя\n1;Ёлка" in Windows-1251.
  const std::string file = "\xC8\xCD\xCD;\xC8\xEC\xFF\n1;\xA8\xEB\xEA\xE0\n";
  EXPECT_EQ(common::tabular::DetectEncoding(file), common::tabular::TextEncoding::kWindows1251);
  common::tabular::SourceTable table = common::tabular::ReadCsv(file, {});
  EXPECT_THAT(table.header, ElementsAre("ИНН", "Имя"));
  EXPECT_THAT(Cells(table.rows.at(0)), ElementsAre("1", "Ёлка"));
}

TEST(CsvReader, AnExplicitEncodingWins) {
  const std::string utf8 = "Адрес;Город\n";
  EXPECT_EQ(common::tabular::DetectEncoding(utf8), common::tabular::TextEncoding::kUtf8);
  // Read as Windows-1251, UTF-8 bytes become mojibake but still valid text.
  common::tabular::SourceTable table =
      common::tabular::ReadCsv(utf8, {.encoding = common::tabular::TextEncoding::kWindows1251});
  EXPECT_EQ(table.header.at(0), "\u0420\u0452\u0420\u0491\u0421\u0402\u0420\u00B5\u0421\u0403");
  EXPECT_THROW(common::tabular::DecodeText("\xC8\xCD\xCD", common::tabular::TextEncoding::kUtf8),
               common::tabular::SourceFormatError);
}

TEST(CsvReader, DetectsTheDelimiterOutsideQuotes) {
  EXPECT_EQ(common::tabular::DetectDelimiter("a;b;c\n"), ';');
  EXPECT_EQ(common::tabular::DetectDelimiter("a,b,c\n"), ',');
  EXPECT_EQ(common::tabular::DetectDelimiter("\"a;b;c\",d,e\n"), ',');
  EXPECT_EQ(common::tabular::DetectDelimiter("a\tb\tc\n"), '\t');
  EXPECT_EQ(common::tabular::DetectDelimiter("single\n"), ';');
}

TEST(CsvReader, SkipsBlankRecordsButKeepsNumbering) {
  common::tabular::SourceTable table = common::tabular::ReadCsv("h1;h2\n\n;\n1;2\n", {});
  ASSERT_THAT(table.rows, SizeIs(1));
  EXPECT_EQ(table.rows[0].number, 4);
}

TEST(CsvReader, RejectsAQuoteNeverClosed) {
  try {
    common::tabular::ReadCsv("a;b\n1;\"open\n2;3\n", {});
    FAIL() << "no error";
  } catch (const common::tabular::SourceFormatError& e) {
    EXPECT_THAT(e.what(), HasSubstr("row 2"));
  }
}

TEST(CsvReader, RejectsOversizedCells) {
  std::string file = "a\n" + std::string(common::tabular::kMaxImportCellBytes + 1, 'x') + "\n";
  EXPECT_THROW(common::tabular::ReadCsv(file, {}), common::tabular::SourceFormatError);
}

// ---- XLSX ----

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(XlsxReader, ReadsSharedStringsNumbersAndGaps) {
  crm::testing::TempDir dir("xlsx");
  const std::string path = (dir.path() / "clients.xlsx").string();
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* first = workbook_add_worksheet(workbook, "Клиенты");
  lxw_worksheet* second = workbook_add_worksheet(workbook, "Other");
  worksheet_write_string(first, 0, 0, "ИНН", nullptr);
  worksheet_write_string(first, 0, 1, "Наименование", nullptr);
  worksheet_write_string(first, 0, 2, "Телефон", nullptr);
  worksheet_write_number(first, 1, 0, 7707083893, nullptr);
  worksheet_write_string(first, 1, 1, "ПАО «Сбербанк»", nullptr);
  // Row 3 is left empty; row 4 has a gap in column B.
  worksheet_write_string(first, 3, 0, "500100732259", nullptr);
  worksheet_write_string(first, 3, 2, "+7 846 000-00-00", nullptr);
  worksheet_write_string(second, 0, 0, "not read", nullptr);
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

  common::tabular::SourceTable table = common::tabular::ReadXlsx(ReadFile(path));
  EXPECT_THAT(table.header, ElementsAre("ИНН", "Наименование", "Телефон"));
  ASSERT_THAT(table.rows, SizeIs(2));
  EXPECT_EQ(table.rows[0].number, 2);
  EXPECT_THAT(Cells(table.rows[0]), ElementsAre("7707083893", "ПАО «Сбербанк»"));
  EXPECT_EQ(table.rows[1].number, 4);
  EXPECT_THAT(Cells(table.rows[1]), ElementsAre("500100732259", "", "+7 846 000-00-00"));
}

TEST(XlsxReader, RejectsWhatIsNotAWorkbook) {
  EXPECT_THROW(common::tabular::ReadXlsx("ИНН;Наименование\n"), common::tabular::SourceFormatError);
  EXPECT_THROW(common::tabular::ReadXlsx(""), common::tabular::SourceFormatError);
}

// ---- Mapping ----

const std::vector<std::string> kHeader = {
    "ИНН", "КПП", "Наименование", "Полное наименование", "E-mail", "Примечание"};

TEST(ColumnMapping, SuggestsFieldsFromUsualHeaders) {
  auto suggested = SuggestMapping(kHeader);
  ASSERT_THAT(suggested, SizeIs(5));
  EXPECT_EQ(suggested[0].column, "ИНН");
  EXPECT_EQ(suggested[0].field, "inn");
  EXPECT_EQ(suggested[2].field, "display_name");
  EXPECT_EQ(suggested[3].field, "legal_name");
  EXPECT_EQ(suggested[4].field, "email");
}

TEST(ColumnMapping, ResolvesHeadersIgnoringCaseAndSpaces) {
  common::Violations v;
  ResolvedMapping m =
      ResolveMapping(kHeader, {{" инн ", "inn"}, {"наименование", "display_name"}}, "mapping", v);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(m.column(ImportField::kInn), 0u);
  EXPECT_EQ(m.column(ImportField::kDisplayName), 2u);
  EXPECT_FALSE(m.column(ImportField::kEmail).has_value());
  EXPECT_EQ(LowerCaseRussian("ЁЛКА Ёж Abc"), "ёлка ёж abc");
}

TEST(ColumnMapping, ReportsEveryProblemWithItsPath) {
  common::Violations v;
  ResolveMapping(kHeader, {{"Нет такой", "inn"}, {"КПП", "kpp"}, {"ИНН", "kpp"}, {"E-mail", "fax"}},
                 "mapping", v);
  try {
    v.ThrowIfAny();
    FAIL() << "no violations";
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& violation : e.violations()) {
      fields.push_back(violation.field);
    }
    EXPECT_THAT(fields, ElementsAre("mapping[0].column", "mapping[2].field", "mapping[3].field",
                                    "mapping"));
  }
}

TEST(ColumnMapping, AnEmptyMappingIsAViolation) {
  common::Violations v;
  ResolveMapping(kHeader, {}, "mapping", v);
  EXPECT_FALSE(v.empty());
}

ResolvedMapping Suggested() {
  common::Violations v;
  ResolvedMapping m = ResolveMapping(kHeader, SuggestMapping(kHeader), "mapping", v);
  EXPECT_TRUE(v.empty());
  return m;
}

TEST(ColumnMapping, MapsAValidRowTrimmedWithOneNameForBoth) {
  common::tabular::SourceRow row{
      7, {" 7707083893 ", "773601001", "Сбербанк", "", "info@sberbank.ru", "x"}};
  MappedRow mapped = MapRow(row, kHeader, Suggested());
  EXPECT_THAT(mapped.problems, IsEmpty());
  EXPECT_EQ(mapped.number, 7);
  EXPECT_EQ(mapped.client.inn(), "7707083893");
  EXPECT_EQ(mapped.client.display_name(), "Сбербанк");
  EXPECT_EQ(mapped.client.legal_name(), "Сбербанк");
  EXPECT_EQ(mapped.client.email(), "info@sberbank.ru");
}

TEST(ColumnMapping, ReportsRowProblemsWithFieldAndColumn) {
  common::tabular::SourceRow row{3, {"7707083890", "", "", "", "not-an-email"}};
  MappedRow mapped = MapRow(row, kHeader, Suggested());
  std::vector<std::string> fields;
  std::vector<std::string> columns;
  for (const RowProblem& problem : mapped.problems) {
    fields.push_back(problem.field);
    columns.push_back(problem.column);
    EXPECT_FALSE(problem.message.empty());
  }
  EXPECT_THAT(fields, ElementsAre("display_name", "legal_name", "inn", "email"));
  EXPECT_THAT(columns, ElementsAre("Наименование", "Полное наименование", "ИНН", "E-mail"));
}

TEST(ColumnMapping, ACellListingSeveralEmailsFillsTheList) {
  common::tabular::SourceRow row{
      4, {"7707083893", "773601001", "Сбербанк", "", " a@sber.ru; B@sber.ru ,", ""}};
  MappedRow mapped = MapRow(row, kHeader, Suggested());
  EXPECT_THAT(mapped.problems, IsEmpty());
  EXPECT_THAT(mapped.client.emails(), ElementsAre("a@sber.ru", "B@sber.ru"));
  EXPECT_EQ(mapped.client.email(), "a@sber.ru");

  // A bad item is reported against the cell's field and column.
  row.cells[4] = "a@sber.ru, not-an-email";
  mapped = MapRow(row, kHeader, Suggested());
  ASSERT_THAT(mapped.problems, SizeIs(1));
  EXPECT_EQ(mapped.problems[0].field, "email");
  EXPECT_EQ(mapped.problems[0].column, "E-mail");
}

TEST(ColumnMapping, AShortRowLeavesTheMissingFieldsEmpty) {
  common::tabular::SourceRow row{2, {"500100732259", "", "ИП Петров"}};
  MappedRow mapped = MapRow(row, kHeader, Suggested());
  EXPECT_THAT(mapped.problems, IsEmpty());
  EXPECT_EQ(mapped.client.kpp(), "");
  EXPECT_EQ(mapped.client.email(), "");
}

}  // namespace
}  // namespace crm::registry
