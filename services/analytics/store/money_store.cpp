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
  for (const auto& row : rows) {
    tx.exec_prepared("analytics_insert_payment_share", row.payment_id, row.document_id,
                     row.matched_at, row.sale_id, row.amount_kopecks, row.payment_date);
  }
}

void MoneyStore::InsertPaymentUnmatch(pqxx::transaction_base& tx,
                                      const domain::PaymentUnmatchRow& row) {
  tx.exec_prepared("analytics_insert_payment_unmatch", row.payment_id, row.unmatched_rfc3339);
}

}  // namespace crm::analytics
