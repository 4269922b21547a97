#include "services/accounting/store/invoice_store.h"

#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {

bool InvoiceStore::Insert(pqxx::transaction_base& tx, const InvoiceRecord& invoice) {
  const std::optional<std::string> replaces =
      invoice.replaces.empty() ? std::nullopt : std::optional<std::string>(invoice.replaces);
  return !tx.exec_prepared("accounting_upsert_invoice", invoice.document_id, invoice.number,
                           invoice.issue_date, invoice.sale, invoice.client, invoice.client_inn,
                           invoice.client_kpp, invoice.currency_code, invoice.total_kopecks,
                           common::db::OrNull(replaces), invoice.source_event_id,
                           invoice.manager_id, invoice.edition, invoice.edition_name,
                           invoice.client_name, invoice.payment_due_date)
              .empty();
}

bool InvoiceStore::SetState(pqxx::transaction_base& tx, const std::string& document_id,
                            const std::string& state) {
  return !tx.exec_prepared("accounting_set_invoice_state", document_id, state).empty();
}

namespace {

// A row of accounting_get_invoice, accounting_lock_invoice and
// accounting_lock_open_invoices_of_payer.
InvoiceRecord InvoiceFromRow(const common::db::Row& row) {
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
  r.paid_notified = row.Bool("paid_notified");
  r.manager_id = row.Text("manager_id");
  r.edition = row.Text("edition");
  r.edition_name = row.Text("edition_name");
  r.client_name = row.Text("client_name");
  r.payment_due_date = row.Text("payment_due_date");
  return r;
}

}  // namespace

std::optional<InvoiceRecord> InvoiceStore::Get(pqxx::transaction_base& tx,
                                               const std::string& document_id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_get_invoice", document_id),
                                InvoiceFromRow);
}

std::optional<InvoiceRecord> InvoiceStore::Lock(pqxx::transaction_base& tx,
                                                const std::string& document_id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_lock_invoice", document_id),
                                InvoiceFromRow);
}

std::vector<InvoiceRecord> InvoiceStore::LockOpenOfPayers(
    pqxx::transaction_base& tx, const std::vector<std::string>& client_inns) {
  if (client_inns.empty()) {
    return {};
  }
  return common::db::RowsOf(tx.exec_prepared("accounting_lock_open_invoices_of_payers",
                                             common::db::QuotedArrayLiteral(client_inns)),
                            InvoiceFromRow);
}

void InvoiceStore::AddPayment(pqxx::transaction_base& tx, const std::string& document_id,
                              int64_t kopecks) {
  tx.exec_prepared("accounting_add_invoice_payment", document_id, kopecks);
}

void InvoiceStore::AddPayments(pqxx::transaction_base& tx,
                               const std::vector<InvoicePayment>& payments) {
  if (payments.empty()) {
    return;
  }
  std::vector<std::string> ids;
  std::vector<int64_t> kopecks;
  std::vector<std::string> settled;
  ids.reserve(payments.size());
  kopecks.reserve(payments.size());
  settled.reserve(payments.size());
  for (const InvoicePayment& payment : payments) {
    ids.push_back(payment.document_id);
    kopecks.push_back(payment.kopecks);
    settled.emplace_back(payment.settled ? "t" : "f");
  }
  tx.exec_prepared("accounting_add_invoice_payments", common::db::ArrayLiteral(ids),
                   common::db::NumberArrayLiteral(kopecks), common::db::ArrayLiteral(settled));
}

bool InvoiceStore::MarkPaidNotified(pqxx::transaction_base& tx, const std::string& document_id) {
  return !tx.exec_prepared("accounting_mark_invoice_paid_notified", document_id).empty();
}

std::vector<OverdueInvoice> InvoiceStore::ClaimOverdue(pqxx::transaction_base& tx,
                                                       const std::string& today, int limit) {
  return common::db::RowsOf(tx.exec_prepared("accounting_claim_overdue_invoices", today, limit),
                            [](const common::db::Row& row) {
                              return OverdueInvoice{InvoiceFromRow(row), row.Int64("days_overdue")};
                            });
}

bool InvoiceStore::MarkOverdueNotified(pqxx::transaction_base& tx, const std::string& document_id) {
  return !tx.exec_prepared("accounting_mark_invoice_overdue_notified", document_id).empty();
}

std::vector<std::string> InvoiceStore::PaymentsOf(pqxx::transaction_base& tx,
                                                  const std::string& document_id) {
  return common::db::RowsOf(tx.exec_prepared("accounting_invoice_payments", document_id),
                            [](const common::db::Row& row) { return row.Text("payment_id"); });
}

std::map<std::string, std::vector<std::string>> InvoiceStore::PaymentsOfInvoices(
    pqxx::transaction_base& tx, const std::vector<std::string>& document_ids) {
  std::map<std::string, std::vector<std::string>> payments;
  if (document_ids.empty()) {
    return payments;
  }
  for (const auto& row : tx.exec_prepared("accounting_payments_of_invoices",
                                          common::db::ArrayLiteral(document_ids))) {
    const common::db::Row r(row);
    payments[r.Text("invoice_id")].push_back(r.Text("payment_id"));
  }
  return payments;
}

}  // namespace crm::accounting
