#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/errors.h"
#include "common/tabular/source_table.h"
#include "crm/registry/v1/registry.pb.h"

// Column mapping of a client import: which column of the file fills which client field, and the
// client each data row makes, checked by the same rules as CreateClient.
namespace crm::registry {

// The client fields an import can fill, named as in crm.registry.v1.Client.
enum class ImportField {
  kDisplayName,
  kLegalName,
  kInn,
  kKpp,
  kOgrn,
  kLegalAddress,
  kPhone,
  kEmail,
};
inline constexpr std::size_t kImportFieldCount = 8;

std::string_view ImportFieldName(ImportField field);
std::optional<ImportField> ImportFieldByName(std::string_view name);
std::vector<std::string_view> ImportFieldNames();

// One entry of the mapping as the caller sends it: a header of the file and a client field.
struct ColumnMapping {
  std::string column;
  std::string field;
};

// Column index (0-based) per field; nullopt when the field is not filled from the file.
struct ResolvedMapping {
  std::optional<std::size_t> columns[kImportFieldCount];
  std::optional<std::size_t> column(ImportField field) const {
    return columns[static_cast<std::size_t>(field)];
  }
};

// Checks `mappings` against the file's header: every column exists (headers compare trimmed and
// case-insensitively, Cyrillic included), every field is importable and mapped at most once, the
// INN and at least one of the names are mapped. Violations are added under
// "<path>[i].column" / "<path>[i].field" / "<path>".
ResolvedMapping ResolveMapping(const std::vector<std::string>& header,
                               const std::vector<ColumnMapping>& mappings, std::string_view path,
                               common::Violations& violations);

// A mapping guessed from usual Russian and English headers ("ИНН", "Наименование",
// "Юридический адрес", "E-mail", ...); for files whose caller gives none.
std::vector<ColumnMapping> SuggestMapping(const std::vector<std::string>& header);

// What is wrong with one field of one row.
struct RowProblem {
  std::string field;   // client field, e.g. "inn"; "" for the row as a whole
  std::string column;  // the file's header of that field's column; "" when not from a column
  std::string message;
};

struct MappedRow {
  int number = 0;
  // Trimmed and valid when `problems` is empty. One of the names fills the other when only one
  // is mapped or filled.
  v1::Client client;
  // Fields the row itself has a value for (not empty, not copied from the other name): an
  // update writes only these.
  bool filled[kImportFieldCount] = {};
  std::vector<RowProblem> problems;
  bool filled_field(ImportField field) const { return filled[static_cast<std::size_t>(field)]; }
};

MappedRow MapRow(const common::tabular::SourceRow& row, const std::vector<std::string>& header,
                 const ResolvedMapping& mapping);

// Lower case of Latin and Cyrillic letters (Ё included) in UTF-8 text; other bytes unchanged.
std::string LowerCaseRussian(std::string_view text);

}  // namespace crm::registry
