#include "services/accounting/store/invoice_store.h"

#include "common/db/pool.h"
#include "common/db/row.h"

namespace crm::accounting {

bool InvoiceStore::Insert(pqxx::transaction_base& tx, const InvoiceRecord& invoice) {
  const std::optional<std::string> replaces =
      invoice.replaces.empty() ? std::nullopt : std::optional<std::string>(invoice.replaces);
  return !tx.exec_prepared("accounting_upsert_invoice", invoice.document_id, invoice.number,
                           invoice.issue_date, invoice.sale, invoice.client, invoice.client_inn,
                           invoice.client_kpp, invoice.currency_code, invoice.total_kopecks,
                           common::db::OrNull(replaces), invoice.source_event_id)
              .empty();
}

bool InvoiceStore::SetState(pqxx::transaction_base& tx, const std::string& document_id,
                            const std::string& state) {
  return !tx.exec_prepared("accounting_set_invoice_state", document_id, state).empty();
}

std::optional<InvoiceRecord> InvoiceStore::Get(pqxx::transaction_base& tx,
                                               const std::string& document_id) {
  auto result = tx.exec_prepared("accounting_get_invoice", document_id);
  if (result.empty()) {
    return std::nullopt;
  }
  const common::db::Row row(result[0]);
  InvoiceRecord r;
  r.document_id = row.Text("document_id");
  r.number = row.Text("number");
  r.issue_date = row.Text("issue_date");
  r.sale = row.Text("sale_id");
  r.client = row.Text("client");
  r.client_inn = row.Text("client_inn");
  r.client_kpp = row.Text("client_kpp");
  r.currency_code = row.Text("currency_code");
  r.total_kopecks = row.Int64("total_kopecks");
  r.state = row.Text("state");
  r.paid_kopecks = row.Int64("paid_kopecks");
  return r;
}

}  // namespace crm::accounting
