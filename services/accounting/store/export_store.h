#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/db/rows.h"

// The exports table, through the named queries of store/queries.h.
namespace crm::accounting {

struct ExportRecord {
  std::string id;           // UUID
  std::string document_id;  // UUID
  std::string document_number;
  std::string file_name;
  std::string sha256;
  int64_t size_bytes = 0;
  std::string source_event_id;
  std::string operation = "issue";  // "issue", or "annul" for an annulled document
  std::string content;              // written only; reads leave it empty
  int64_t create_time_micros = 0;
};

// The exports of a page, newest first, and the last one's key when another page follows.
using ExportPage = common::db::KeysetPage<ExportRecord, common::api::TimeKey>;

class ExportStore {
 public:
  // Records an export unless the document has one of this operation already. Returns true when
  // this call recorded it (and sets `record.create_time_micros`), false when it was exported
  // before.
  static bool Insert(pqxx::transaction_base& tx, ExportRecord& record);

  static std::optional<ExportRecord> Get(pqxx::transaction_base& tx, const std::string& id);

  // Newest first, starting after `after` (from the first row when nullopt).
  static ExportPage List(pqxx::transaction_base& tx, int page_size,
                         const std::optional<common::api::TimeKey>& after);
};

}  // namespace crm::accounting
