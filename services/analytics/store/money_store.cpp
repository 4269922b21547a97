#include "services/analytics/store/money_store.h"

#include "common/db/params.h"

namespace crm::analytics {

void MoneyStore::UpsertInvoice(pqxx::transaction_base& tx, const domain::InvoiceRow& row) {
  tx.exec_prepared("analytics_upsert_invoice", row.document_id, row.sale_id, row.number,
                   row.total_kopecks, row.issue_date, common::db::NullIfEmpty(row.due_date),
                   row.sequence_number);
  if (!row.replaces_id.empty()) {
    tx.exec_prepared("analytics_mark_invoice_replaced", row.replaces_id);
  }
}

void MoneyStore::MarkInvoiceAnnulled(pqxx::transaction_base& tx,
                                     const domain::InvoiceIds& invoice) {
  tx.exec_prepared("analytics_mark_invoice_annulled", invoice.document_id, invoice.sale_id);
}

void MoneyStore::InsertPaymentShares(pqxx::transaction_base& tx,
                                     const std::vector<domain::PaymentShareRow>& rows) {
  if (rows.empty()) {
    return;
  }
  // The shares of one event have one payment, time and date (domain::PaymentSharesOf).
  std::vector<std::string> documents;
  std::vector<std::string> sales;
  std::vector<int64_t> amounts;
  for (const auto& row : rows) {
    documents.push_back(row.document_id);
    sales.push_back(row.sale_id);
    amounts.push_back(row.amount_kopecks);
  }
  const auto& first = rows.front();
  tx.exec_prepared("analytics_insert_payment_shares", first.payment_id, first.matched_at,
                   first.payment_date, common::db::ArrayLiteral(documents),
                   common::db::ArrayLiteral(sales), common::db::NumberArrayLiteral(amounts));
}

void MoneyStore::InsertPaymentUnmatch(pqxx::transaction_base& tx,
                                      const domain::PaymentUnmatchRow& row) {
  tx.exec_prepared("analytics_insert_payment_unmatch", row.payment_id, row.unmatched_rfc3339);
}

}  // namespace crm::analytics
