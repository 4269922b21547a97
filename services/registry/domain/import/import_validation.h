#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/tabular/csv_reader.h"
#include "crm/registry/v1/import.pb.h"
#include "services/registry/domain/import/column_mapping.h"
#include "services/registry/domain/list_window.h"

// Input rules of the ImportService requests. Each throws common::ValidationError listing every
// problem by its request field path.
namespace crm::registry {

// Upload limits: one chunk fits comfortably in gRPC's default 4 MiB message.
inline constexpr std::size_t kMaxImportChunkBytes = 1024 * 1024;
inline constexpr int kDefaultImportBatchRows = 5000;
inline constexpr int kMaxImportBatchRows = 10000;

// The first message of CreateImport: the import's settings ("import.*") and request id.
void ValidateImportSettings(const v1::CreateImportRequest& first);

// Reads the uploaded bytes by the import's format and settings. A file that cannot be read is a
// violation of "chunk" (the field carrying the bytes); so is one without a header row or rows.
common::tabular::SourceTable ReadImportFile(std::string_view bytes,
                                            const v1::ClientImport& settings);

// The mapping saved with the import: the caller's, or the one suggested from the headers. Throws
// with "import.column_mappings..." paths when it does not fit the file.
struct ImportPlan {
  std::vector<ColumnMapping> mappings;
  ResolvedMapping resolved;
};
ImportPlan PlanImport(const common::tabular::SourceTable& table, const v1::ClientImport& settings);

// The encoding and delimiter a CSV file was read with (detected ones filled in).
v1::ImportTextEncoding UsedEncoding(std::string_view bytes, const v1::ClientImport& settings);
v1::ImportCsvDelimiter UsedDelimiter(std::string_view bytes, const v1::ClientImport& settings);
// The policy an import applies to rows matching an existing client: an unset one is UPDATE.
v1::ExistingClientPolicy UsedPolicy(const v1::ClientImport& settings);

struct ImportRun {
  std::string import_id;
  bool validate_only = false;
  int batch_rows = kDefaultImportBatchRows;
};
ImportRun ValidateRunImport(const v1::RunImportRequest& request);

// "imports/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateImportName(std::string_view name, const char* field);

// The stored text of a row's outcome: "created", ...; "pending" is a row not run yet (NULL).
using ImportOutcomeText =
    common::api::EnumText<v1::ImportRow::Outcome, common::api::TextCase::kLower>;

struct ImportRowsList {
  std::string import_id;
  std::vector<std::string> outcomes;  // "pending", "created", ...
  int page_size = 0;
  int after_row = 0;
  common::api::PageQuery query;  // what the next page's token is issued for
};
ImportRowsList ValidateListImportRows(const v1::ListImportRowsRequest& request,
                                      std::string_view caller);
// The token of the page of `list` after row `last_row`.
std::string ImportRowsPageToken(const ImportRowsList& list, int last_row);

}  // namespace crm::registry
