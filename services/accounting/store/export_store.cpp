#include "services/accounting/store/export_store.h"

namespace crm::accounting {
namespace {

ExportRecord FromRow(const pqxx::row& row) {
  ExportRecord r;
  r.id = row[0].as<std::string>();
  r.document_id = row[1].as<std::string>();
  r.document_number = row[2].as<std::string>();
  r.file_name = row[3].as<std::string>();
  r.sha256 = row[4].as<std::string>();
  r.size_bytes = row[5].as<int64_t>();
  r.create_time_micros = row[6].as<int64_t>();
  return r;
}

}  // namespace

bool ExportStore::Insert(pqxx::transaction_base& tx, ExportRecord& record) {
  auto result = tx.exec_prepared("accounting_insert_export", record.id, record.document_id,
                                 record.document_number, record.file_name, record.sha256,
                                 record.size_bytes, record.source_event_id, record.content);
  if (result.empty()) {
    return false;
  }
  record.create_time_micros = result[0][0].as<int64_t>();
  return true;
}

std::optional<ExportRecord> ExportStore::Get(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("accounting_get_export", id);
  if (result.empty()) {
    return std::nullopt;
  }
  return FromRow(result[0]);
}

ExportPage ExportStore::List(pqxx::transaction_base& tx, int page_size,
                             const std::optional<domain::ExportKey>& after) {
  // One row more than asked tells whether another page follows.
  auto result = after ? tx.exec_prepared("accounting_list_exports_after", after->create_time_micros,
                                         after->id, page_size + 1)
                      : tx.exec_prepared("accounting_list_exports_first", page_size + 1);
  ExportPage page;
  for (const auto& row : result) {
    if (static_cast<int>(page.exports.size()) == page_size) {
      const auto& last = page.exports.back();
      page.next_key = domain::ExportKey{last.create_time_micros, last.id};
      break;
    }
    page.exports.push_back(FromRow(row));
  }
  return page;
}

}  // namespace crm::accounting
