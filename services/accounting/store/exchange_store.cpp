#include "services/accounting/store/exchange_store.h"

#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {
namespace {

ExchangeState StateFromRow(const common::db::Row& row) {
  ExchangeState s;
  s.last_sent_no = row.Int64("last_sent_no");
  s.last_received_no = row.Int64("last_received_no");
  s.confirmed_no = row.Int64("confirmed_no");
  s.acknowledged_no = row.Int64("acknowledged_no");
  return s;
}

}  // namespace

ExchangeState ExchangeStore::Lock(pqxx::transaction_base& tx) {
  return StateFromRow(common::db::Row(tx.exec_prepared1("accounting_exchange_state_lock")));
}

ExchangeState ExchangeStore::Status(pqxx::transaction_base& tx) {
  const common::db::Row row(tx.exec_prepared1("accounting_exchange_state"));
  ExchangeState s = StateFromRow(row);
  s.pending_count = static_cast<int>(row.Int64("pending_count"));
  s.unconfirmed_count = static_cast<int>(row.Int64("unconfirmed_count"));
  return s;
}

bool ExchangeStore::Put(pqxx::transaction_base& tx, const domain::ExchangeObject& object) {
  const auto result = tx.exec_prepared(
      object.weak ? "accounting_exchange_put_object_if_absent" : "accounting_exchange_put_object",
      object.ref, object.type, object.source, object.priority, object.xml);
  return result.affected_rows() > 0;
}

bool ExchangeStore::Has(pqxx::transaction_base& tx, const std::string& ref) {
  return !tx.exec_prepared("accounting_exchange_has_object", ref).empty();
}

std::vector<QueuedObject> ExchangeStore::ToSend(pqxx::transaction_base& tx, int64_t confirmed_no) {
  return common::db::RowsOf(tx.exec_prepared("accounting_exchange_objects_to_send", confirmed_no),
                            [](const common::db::Row& row) {
                              return QueuedObject{row.Text("ref"), row.Text("body"),
                                                  row.Int64("change_seq"), row.Bool("changed")};
                            });
}

void ExchangeStore::MarkSent(pqxx::transaction_base& tx, int64_t message_no,
                             const std::vector<QueuedObject>& objects) {
  std::vector<std::string> refs;
  std::vector<int64_t> seqs;
  refs.reserve(objects.size());
  seqs.reserve(objects.size());
  for (const auto& object : objects) {
    refs.push_back(object.ref);
    seqs.push_back(object.change_seq);
  }
  tx.exec_prepared("accounting_exchange_mark_sent", message_no, common::db::ArrayLiteral(refs),
                   common::db::NumberArrayLiteral(seqs));
}

void ExchangeStore::SetSent(pqxx::transaction_base& tx, int64_t message_no, int64_t received_no) {
  tx.exec_prepared("accounting_exchange_sent", message_no, received_no);
}

int ExchangeStore::SetReceived(pqxx::transaction_base& tx, const ExchangeState& before,
                               int64_t message_no, int64_t confirmed_no) {
  const common::db::Row row(
      tx.exec_prepared1("accounting_exchange_count_confirmed", before.confirmed_no, confirmed_no));
  tx.exec_prepared("accounting_exchange_received", message_no, confirmed_no);
  return static_cast<int>(row.Int64("confirmed"));
}

void ExchangeStore::InsertMessage(pqxx::transaction_base& tx, ExchangeMessageRecord& record) {
  const common::db::Row row(tx.exec_prepared1(
      "accounting_exchange_insert_message", record.direction, record.message_no, record.received_no,
      record.file_name, record.object_count, record.payment_count, record.imported_count,
      pqxx::binarystring(record.content)));
  record.create_time_micros = row.Int64("create_time_us");
}

}  // namespace crm::accounting
