// Crafted import files: the readers stop at the first cell past a limit, name its row and
// column, and hold no more memory than the limits allow while getting there (measured with the
// heap meter, which counts every operator new of this binary).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "common/tabular/csv_reader.h"
#include "common/tabular/source_table.h"
#include "common/tabular/xlsx_reader.h"
#include "tests/support/heap_meter.h"
#include "tests/support/zip_workbook.h"

namespace crm::registry {
namespace {

using ::testing::HasSubstr;

constexpr std::size_t kMiB = 1024 * 1024;

// The reader's error for `bytes`, and the heap it used on top of its input.
struct Outcome {
  std::string error;
  std::size_t extra_heap = 0;
};

template <class Read>
Outcome Measure(Read&& read) {
  crm::testing::HeapPeak peak;
  Outcome outcome;
  try {
    read();
  } catch (const common::tabular::SourceFormatError& e) {
    outcome.error = e.what();
  }
  outcome.extra_heap = peak.extra_bytes();
  ::testing::Test::RecordProperty("extra_heap_bytes", std::to_string(outcome.extra_heap));
  std::cout << "heap used above the input: " << outcome.extra_heap << " bytes\n";
  return outcome;
}

TEST(CsvLimits, ALineOfMillionsOfDelimitersStopsAtTheColumnLimit) {
  // 16 MiB of ';' after a header: 16 million empty cells (half a GiB as strings) before the fix.
  const std::string file = "ИНН;Наименование\n1" + std::string(16 * kMiB, ';') + "\n";
  const Outcome outcome = Measure([&] { common::tabular::ReadCsv(file, {}); });
  EXPECT_EQ(outcome.error, "row 2, column 201: more than 200 columns");
  EXPECT_LT(outcome.extra_heap, 1 * kMiB);
}

TEST(CsvLimits, ManyRowsOfEmptyCellsStopAtTheTableLimit) {
  // 200 cells in 200 bytes a row, 60 MiB: 30 times the file's size in cells before the fix.
  std::string row = "x" + std::string(common::tabular::kMaxImportColumns - 1, ';') + "\n";
  std::string file = "ИНН" + std::string(common::tabular::kMaxImportColumns - 1, ';') + "\n";
  file.reserve(60 * kMiB);
  while (file.size() + row.size() < 60 * kMiB) {
    file += row;
  }
  const Outcome outcome = Measure([&] { common::tabular::ReadCsv(file, {}); });
  EXPECT_THAT(outcome.error, HasSubstr("MiB of cells; split it into several imports"));
  EXPECT_THAT(outcome.error, ::testing::MatchesRegex("row [0-9]+, column [0-9]+: .*"));
  EXPECT_LT(outcome.extra_heap, common::tabular::kMaxImportTableBytes + 16 * kMiB);
}

TEST(CsvLimits, AWindows1251FileIsConvertedWithoutATripleSizedBuffer) {
  // 8 MiB of Cyrillic in Windows-1251: 16 MiB as UTF-8. The converted text is the only copy.
  std::string file = "\xC8\xCD\xCD\n";    // "ИНН"
  file += std::string(8 * kMiB, '\xE0');  // "а" repeated: one cell too long
  const Outcome outcome = Measure([&] { common::tabular::ReadCsv(file, {}); });
  EXPECT_EQ(outcome.error, "row 2, column 1: a field longer than 4096 bytes");
  EXPECT_LT(outcome.extra_heap, 2 * 8 * kMiB + 2 * kMiB);
}

TEST(XlsxLimits, MillionsOfSharedStringsStopAtTheirLimit) {
  // 4 million shared strings (a 68 MB part): 128 MiB of strings and the whole part in memory
  // before the fix.
  std::string items;
  items.reserve(4'000'000 * 17);
  for (int i = 0; i < 4'000'000; ++i) {
    items += "<si><t>a</t></si>";
  }
  const std::string workbook =
      crm::testing::Workbook(items, R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)");
  items.clear();
  items.shrink_to_fit();
  const Outcome outcome = Measure([&] { common::tabular::ReadXlsx(workbook); });
  EXPECT_THAT(outcome.error, HasSubstr("the workbook's shared strings take more than 64 MiB"));
  // The strings kept up to the limit; never the part.
  EXPECT_LT(outcome.extra_heap, 64 * kMiB + 2 * kMiB);
}

TEST(XlsxLimits, AHugeSharedStringIsCutAndItsCellRefused) {
  const std::string workbook = crm::testing::Workbook(
      "<si><t>ИНН</t></si><si><t>" + std::string(40 * kMiB, 'x') + "</t></si>",
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>1</v></c></row>");
  const Outcome outcome = Measure([&] { common::tabular::ReadXlsx(workbook); });
  EXPECT_EQ(outcome.error, "row 2, column 3: a cell longer than 4096 bytes");
  EXPECT_LT(outcome.extra_heap, 1 * kMiB);
}

TEST(XlsxLimits, AHugeInlineCellStopsWhileItIsRead) {
  const std::string workbook = crm::testing::Workbook(
      "",
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ИНН</t></is></c></row>"
      "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>" +
          std::string(40 * kMiB, 'x') + "</t></is></c></row>");
  const Outcome outcome = Measure([&] { common::tabular::ReadXlsx(workbook); });
  EXPECT_EQ(outcome.error, "row 2, column 2: a cell longer than 4096 bytes");
  EXPECT_LT(outcome.extra_heap, 1 * kMiB);
}

TEST(XlsxLimits, ACellPastTheLastColumnStopsTheRow) {
  const std::string workbook = crm::testing::Workbook(
      "", R"(<row r="1"><c r="A1"><v>1</v></c><c r="GS1"><v>2</v></c></row>)");
  const Outcome outcome = Measure([&] { common::tabular::ReadXlsx(workbook); });
  EXPECT_EQ(outcome.error, "row 1, column 201: more than 200 columns");
}

}  // namespace
}  // namespace crm::registry
