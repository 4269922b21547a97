#include "services/documents/store/advance_store.h"

#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::documents::store {

using common::db::FirstRowOf;
using common::db::Row;
using common::db::RowsOf;

bool RecordUnmatch(pqxx::work& tx, const std::string& payment, const std::string& sale_id,
                   const std::string& unmatch_time, bool released) {
  return !tx.exec_prepared("advance_unmatch_record", payment, sale_id, unmatch_time, released)
              .empty();
}

bool MatchSuperseded(pqxx::transaction_base& tx, const std::string& payment,
                     const std::string& sale_id, const std::string& match_time) {
  return Row(tx.exec_prepared1("advance_match_superseded", payment, sale_id, match_time))
      .Bool("superseded");
}

void ClearRelease(pqxx::work& tx, const std::string& payment, const std::string& sale_id,
                  const std::string& match_time) {
  tx.exec_prepared("advance_rematched", payment, sale_id, match_time);
}

std::optional<AdvanceInForce> LockAdvanceInForce(pqxx::work& tx, const std::string& payment,
                                                 const std::string& sale_id) {
  return FirstRowOf(tx.exec_prepared("advance_in_force", payment, sale_id), [](const Row& row) {
    return AdvanceInForce{row.Text("id"), row.Text("number")};
  });
}

bool RecordRefundShare(pqxx::work& tx, const RefundShare& share) {
  return !tx.exec_prepared("refund_share_record", share.refund, share.payment, share.refund_number,
                           share.refund_date, share.amount_kopecks, share.undone, share.event_time)
              .empty();
}

std::vector<std::string> ClearAdvanceRefunds(pqxx::work& tx, const std::string& refund,
                                             const std::string& payment) {
  return RowsOf(tx.exec_prepared("advance_refunds_clear", refund, payment),
                [](const Row& row) { return row.Text("document_id"); });
}

std::vector<AdvanceRoom> LockAdvanceRoom(pqxx::work& tx, const std::string& payment) {
  return RowsOf(tx.exec_prepared("advance_refund_room", payment), [](const Row& row) {
    return AdvanceRoom{row.Text("id"), row.Int32("vat_rate_bp"), row.Int64("room")};
  });
}

void InsertAdvanceRefund(pqxx::work& tx, const std::string& refund, const std::string& payment,
                         const std::string& document_id, int64_t amount_kopecks,
                         int64_t vat_kopecks) {
  tx.exec_prepared("advance_refund_insert", refund, payment, document_id, amount_kopecks,
                   vat_kopecks);
}

AdvanceRefundState ReadAdvanceRefundState(pqxx::transaction_base& tx,
                                          const std::string& document_id,
                                          const std::string& refund) {
  const Row row(tx.exec_prepared1("advance_refund_state", document_id, refund));
  return {row.Text("number"),          row.Text("sale_id"),    row.Text("payment"),
          row.Int64("refunded_total"), row.Int64("vat_total"), row.Int64("amount"),
          row.Int64("vat_amount")};
}

}  // namespace crm::documents::store
