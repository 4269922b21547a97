#include "services/accounting/store/export_store.h"

#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {
namespace {

// A row of accounting_get_export and accounting_list_exports_* (store/sql/exports.sql).
ExportRecord FromRow(const common::db::Row& row) {
  ExportRecord r;
  r.id = row.Text("id");
  r.document_id = row.Text("document_id");
  r.document_number = row.Text("document_number");
  r.file_name = row.Text("file_name");
  r.sha256 = row.Text("sha256");
  r.size_bytes = row.Int64("size_bytes");
  r.operation = row.Text("operation");
  r.create_time_micros = row.Int64("create_time_us");
  return r;
}

common::api::TimeKey LastKey(const ExportRecord& last) {
  return {last.create_time_micros, last.id};
}

}  // namespace

bool ExportStore::Insert(pqxx::transaction_base& tx, ExportRecord& record) {
  auto result =
      tx.exec_prepared("accounting_insert_export", record.id, record.document_id,
                       record.document_number, record.file_name, record.sha256, record.size_bytes,
                       record.source_event_id, record.content, record.operation);
  if (result.empty()) {
    return false;
  }
  record.create_time_micros = common::db::Row(result[0]).Int64("create_time_us");
  return true;
}

std::optional<ExportRecord> ExportStore::Get(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_get_export", id), FromRow);
}

ExportPage ExportStore::List(pqxx::transaction_base& tx, int page_size,
                             const std::optional<common::api::TimeKey>& after) {
  // One row more than asked tells whether another page follows.
  auto result = after ? tx.exec_prepared("accounting_list_exports_after", after->micros, after->id,
                                         page_size + 1)
                      : tx.exec_prepared("accounting_list_exports_first", page_size + 1);
  return common::db::ReadKeysetPage(result, page_size, FromRow, LastKey);
}

}  // namespace crm::accounting
