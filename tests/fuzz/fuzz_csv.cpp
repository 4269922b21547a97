// CSV as people upload it (common/tabular): every encoding and delimiter setting over any bytes
// gives a table within the import limits or a SourceFormatError.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/core/text.h"
#include "common/tabular/csv_reader.h"

namespace {

namespace tabular = crm::common::tabular;

void CheckTable(const tabular::SourceTable& table) {
  if (table.header.size() > tabular::kMaxImportColumns ||
      table.rows.size() > tabular::kMaxImportRows) {
    std::abort();
  }
  int previous = 1;
  for (const tabular::SourceRow& row : table.rows) {
    if (row.number <= previous || row.cells.size() > tabular::kMaxImportColumns) {
      std::abort();
    }
    previous = row.number;
    for (const std::string& cell : row.cells) {
      if (cell.size() > tabular::kMaxImportCellBytes || !crm::common::IsValidUtf8(cell)) {
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  tabular::CsvOptions options;
  options.encoding =
      input.PickValueInArray({tabular::TextEncoding::kAuto, tabular::TextEncoding::kUtf8,
                              tabular::TextEncoding::kWindows1251});
  options.delimiter =
      input.PickValueInArray({tabular::CsvDelimiter::kAuto, tabular::CsvDelimiter::kSemicolon,
                              tabular::CsvDelimiter::kComma, tabular::CsvDelimiter::kTab});
  const std::string bytes = input.ConsumeRemainingBytesAsString();
  tabular::DetectEncoding(bytes);
  try {
    const std::string text = tabular::DecodeText(bytes, options.encoding);
    if (!crm::common::IsValidUtf8(text)) {
      std::abort();
    }
    tabular::DetectDelimiter(text);
  } catch (const tabular::SourceFormatError&) {
  }
  try {
    CheckTable(tabular::ReadCsv(bytes, options));
  } catch (const tabular::SourceFormatError&) {
  }
  return 0;
}
