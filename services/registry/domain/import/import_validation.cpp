#include "services/registry/domain/import/import_validation.h"

#include <charconv>

#include "common/api/request_id.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/tabular/xlsx_reader.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

using common::Violations;

constexpr std::size_t kFileNameMaxCharacters = 255;

common::tabular::TextEncoding EncodingOption(v1::ImportTextEncoding encoding) {
  switch (encoding) {
    case v1::IMPORT_TEXT_ENCODING_UTF8:
      return common::tabular::TextEncoding::kUtf8;
    case v1::IMPORT_TEXT_ENCODING_WINDOWS_1251:
      return common::tabular::TextEncoding::kWindows1251;
    default:
      return common::tabular::TextEncoding::kAuto;
  }
}

common::tabular::CsvDelimiter DelimiterOption(v1::ImportCsvDelimiter delimiter) {
  switch (delimiter) {
    case v1::IMPORT_CSV_DELIMITER_SEMICOLON:
      return common::tabular::CsvDelimiter::kSemicolon;
    case v1::IMPORT_CSV_DELIMITER_COMMA:
      return common::tabular::CsvDelimiter::kComma;
    case v1::IMPORT_CSV_DELIMITER_TAB:
      return common::tabular::CsvDelimiter::kTab;
    default:
      return common::tabular::CsvDelimiter::kAuto;
  }
}

}  // namespace

void ValidateImportSettings(const v1::CreateImportRequest& first) {
  Violations v;
  if (!first.has_import()) {
    v.Add("import", "is required in the first message, before the file's chunks");
    v.ThrowIfAny();
  }
  const v1::ClientImport& import = first.import();
  if (import.format() != v1::IMPORT_FILE_FORMAT_CSV &&
      import.format() != v1::IMPORT_FILE_FORMAT_XLSX) {
    v.Add("import.format", "is required: CSV or XLSX");
  }
  std::string file_name = import.file_name();
  v.AddIf("import.file_name",
          CheckText(file_name, {.required = false, .max_characters = kFileNameMaxCharacters}));
  if (import.format() == v1::IMPORT_FILE_FORMAT_XLSX &&
      (import.encoding() != v1::IMPORT_TEXT_ENCODING_UNSPECIFIED ||
       import.delimiter() != v1::IMPORT_CSV_DELIMITER_UNSPECIFIED)) {
    v.Add("import.format", "an XLSX workbook has no text encoding or delimiter; leave them unset");
  }
  if (!v1::ImportTextEncoding_IsValid(import.encoding())) {
    v.Add("import.encoding", "is not a known encoding");
  }
  if (!v1::ImportCsvDelimiter_IsValid(import.delimiter())) {
    v.Add("import.delimiter", "is not a known delimiter");
  }
  if (!v1::ExistingClientPolicy_IsValid(import.existing_client_policy())) {
    v.Add("import.existing_client_policy", "is not a known policy");
  }
  common::api::CheckRequestId(v, first.request_id());
  v.ThrowIfAny();
}

common::tabular::SourceTable ReadImportFile(std::string_view bytes,
                                            const v1::ClientImport& settings) {
  if (bytes.empty()) {
    throw common::ValidationError("chunk", "the file is empty: send its bytes after the settings");
  }
  common::tabular::SourceTable table;
  try {
    table =
        settings.format() == v1::IMPORT_FILE_FORMAT_XLSX
            ? common::tabular::ReadXlsx(bytes)
            : common::tabular::ReadCsv(bytes, {.encoding = EncodingOption(settings.encoding()),
                                               .delimiter = DelimiterOption(settings.delimiter())});
  } catch (const common::tabular::SourceFormatError& error) {
    throw common::ValidationError("chunk", error.what());
  }
  if (table.header.empty()) {
    throw common::ValidationError("chunk", "the file has no header row");
  }
  if (table.rows.empty()) {
    throw common::ValidationError("chunk", "the file has a header but no data rows");
  }
  return table;
}

ImportPlan PlanImport(const common::tabular::SourceTable& table, const v1::ClientImport& settings) {
  ImportPlan plan;
  for (const auto& mapping : settings.column_mappings()) {
    plan.mappings.push_back({Trim(mapping.column()), Trim(mapping.field())});
  }
  if (plan.mappings.empty()) {
    plan.mappings = SuggestMapping(table.header);
  }
  Violations v;
  plan.resolved = ResolveMapping(table.header, plan.mappings, "import.column_mappings", v);
  v.ThrowIfAny();
  return plan;
}

v1::ImportTextEncoding UsedEncoding(std::string_view bytes, const v1::ClientImport& settings) {
  if (settings.format() != v1::IMPORT_FILE_FORMAT_CSV ||
      settings.encoding() != v1::IMPORT_TEXT_ENCODING_UNSPECIFIED) {
    return settings.encoding();
  }
  return common::tabular::DetectEncoding(bytes) == common::tabular::TextEncoding::kWindows1251
             ? v1::IMPORT_TEXT_ENCODING_WINDOWS_1251
             : v1::IMPORT_TEXT_ENCODING_UTF8;
}

v1::ExistingClientPolicy UsedPolicy(const v1::ClientImport& settings) {
  return settings.existing_client_policy() == v1::EXISTING_CLIENT_POLICY_UNSPECIFIED
             ? v1::EXISTING_CLIENT_POLICY_UPDATE
             : settings.existing_client_policy();
}

v1::ImportCsvDelimiter UsedDelimiter(std::string_view bytes, const v1::ClientImport& settings) {
  if (settings.format() != v1::IMPORT_FILE_FORMAT_CSV ||
      settings.delimiter() != v1::IMPORT_CSV_DELIMITER_UNSPECIFIED) {
    return settings.delimiter();
  }
  // The header line is ASCII-delimited in either encoding, so the raw bytes tell.
  switch (common::tabular::DetectDelimiter(bytes)) {
    case ',':
      return v1::IMPORT_CSV_DELIMITER_COMMA;
    case '\t':
      return v1::IMPORT_CSV_DELIMITER_TAB;
    default:
      return v1::IMPORT_CSV_DELIMITER_SEMICOLON;
  }
}

std::string ValidateImportName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto id = common::ParseResourceId(name, "imports");
  if (!id) {
    throw common::ValidationError(field, "must be a resource name like imports/{uuid}");
  }
  return *id;
}

ImportRun ValidateRunImport(const v1::RunImportRequest& request) {
  Violations v;
  ImportRun run;
  if (auto id = ReadResourceId(v, "name", request.name(), "imports")) {
    run.import_id = *id;
  }
  run.validate_only = request.validate_only();
  if (request.batch_size() < 0 || request.batch_size() > kMaxImportBatchRows) {
    v.Add("batch_size",
          "must be between 1 and " + std::to_string(kMaxImportBatchRows) + " (0 for the default)");
  } else if (request.batch_size() > 0) {
    run.batch_rows = request.batch_size();
  }
  v.ThrowIfAny();
  return run;
}

ImportRowsList ValidateListImportRows(const v1::ListImportRowsRequest& request,
                                      std::string_view caller) {
  Violations v;
  ImportRowsList list;
  if (auto id = ReadResourceId(v, "parent", request.parent(), "imports")) {
    list.import_id = *id;
  }
  for (int i = 0; i < request.outcomes_size(); ++i) {
    const auto outcome = static_cast<v1::ImportRow::Outcome>(request.outcomes(i));
    if (!common::api::IsSpecified(outcome)) {
      v.Add("outcomes[" + std::to_string(i) + "]", "is not a row outcome");
    } else {
      list.outcomes.push_back(ImportOutcomeText::Of(outcome));
    }
  }
  if (!v.empty()) {
    v.ThrowIfAny();
  }
  ListWindow window = ReadListWindow(request, caller, v);
  list.page_size = window.page_size;
  list.query = window.query;
  if (window.after) {
    int after = 0;
    const std::string& sort = window.after->sort;
    auto [end, error] = std::from_chars(sort.data(), sort.data() + sort.size(), after);
    if (error != std::errc() || end != sort.data() + sort.size() ||
        window.after->id != list.import_id) {
      v.Add("page_token", common::api::kForeignPageToken);
    }
    list.after_row = after;
  }
  v.ThrowIfAny();
  return list;
}

std::string ImportRowsPageToken(const ImportRowsList& list, int last_row) {
  // The key's id is the import's: rows are numbered per import.
  return common::api::IssuePageToken(
      list.query, common::api::PageKeyParts{std::to_string(last_row), list.import_id});
}

}  // namespace crm::registry
