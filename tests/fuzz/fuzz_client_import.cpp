// The registry's client import as CreateImport and RunImport take a file: read by its format and
// settings (services/registry/domain/import), mapped from the headers, each row made a client by
// CreateClient's rules. Any file is a violation or rows with their problems, never a crash.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/core/errors.h"
#include "services/registry/domain/import/column_mapping.h"
#include "services/registry/domain/import/import_validation.h"

namespace {

namespace registry = crm::registry;
namespace v1 = crm::registry::v1;

// Mapping every row of a large file adds nothing a few hundred rows do not.
constexpr std::size_t kRowsMapped = 256;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  v1::ClientImport settings;
  settings.set_format(input.ConsumeBool() ? v1::IMPORT_FILE_FORMAT_XLSX
                                          : v1::IMPORT_FILE_FORMAT_CSV);
  settings.set_encoding(
      input.PickValueInArray({v1::IMPORT_TEXT_ENCODING_UNSPECIFIED, v1::IMPORT_TEXT_ENCODING_UTF8,
                              v1::IMPORT_TEXT_ENCODING_WINDOWS_1251}));
  settings.set_delimiter(input.PickValueInArray(
      {v1::IMPORT_CSV_DELIMITER_UNSPECIFIED, v1::IMPORT_CSV_DELIMITER_SEMICOLON,
       v1::IMPORT_CSV_DELIMITER_COMMA, v1::IMPORT_CSV_DELIMITER_TAB}));
  const std::string bytes = input.ConsumeRemainingBytesAsString();
  try {
    registry::UsedEncoding(bytes, settings);
    registry::UsedDelimiter(bytes, settings);
    const auto table = registry::ReadImportFile(bytes, settings);
    const registry::ImportPlan plan = registry::PlanImport(table, settings);
    const std::size_t rows = std::min(table.rows.size(), kRowsMapped);
    for (std::size_t i = 0; i < rows; ++i) {
      const registry::MappedRow row = registry::MapRow(table.rows[i], table.header, plan.resolved);
      if (row.number != table.rows[i].number) {
        std::abort();
      }
    }
  } catch (const crm::common::ValidationError&) {
  }
  return 0;
}
