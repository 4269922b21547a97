// .xlsx workbooks as people upload them (common/tabular): a zip of XML parts read under the
// import limits; any bytes give a table or a SourceFormatError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/core/text.h"
#include "common/tabular/xlsx_reader.h"

namespace {

namespace tabular = crm::common::tabular;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const tabular::SourceTable table = tabular::ReadXlsx(bytes);
    if (table.header.size() > tabular::kMaxImportColumns ||
        table.rows.size() > tabular::kMaxImportRows) {
      std::abort();
    }
    for (const tabular::SourceRow& row : table.rows) {
      for (const std::string& cell : row.cells) {
        if (cell.size() > tabular::kMaxImportCellBytes || !crm::common::IsValidUtf8(cell)) {
          std::abort();
        }
      }
    }
  } catch (const tabular::SourceFormatError&) {
  }
  return 0;
}
