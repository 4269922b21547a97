#include "services/accounting/store/payment_store.h"

#include <tuple>

#include "common/api/time_key_params.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {
namespace {

std::optional<std::string> NullIfEmpty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// A row of accounting_list_allocations and accounting_undo_allocations.
AllocationRecord AllocationFromRow(const common::db::Row& row) {
  return {row.Text("invoice_id"), row.Text("number"), row.Text("sale_id"),
          row.Int64("amount_kopecks"), row.Text("method")};
}

// A row of accounting_get_payment and accounting_list_payments.
PaymentRecord PaymentFromRow(const common::db::Row& row) {
  PaymentRecord r;
  r.id = row.Text("id");
  r.statement_id = row.Text("statement_id");
  r.direction = row.Text("direction");
  domain::StatementDocument& d = r.document;
  d.incoming = r.direction == "incoming";
  d.kind = row.Text("document_kind");
  d.number = row.Text("number");
  d.date = row.Text("payment_date");
  d.amount_kopecks = row.Int64("amount_kopecks");
  d.payer_account = row.Text("payer_account");
  d.payer_inn = row.Text("payer_inn");
  d.payer_kpp = row.Text("payer_kpp");
  d.payer_name = row.Text("payer_name");
  d.payer_bank = row.Text("payer_bank");
  d.payer_bik = row.Text("payer_bik");
  d.payee_account = row.Text("payee_account");
  d.payee_inn = row.Text("payee_inn");
  d.payee_kpp = row.Text("payee_kpp");
  d.payee_name = row.Text("payee_name");
  d.payee_bank = row.Text("payee_bank");
  d.payee_bik = row.Text("payee_bik");
  d.debited_date = row.OptionalText("debited_date").value_or("");
  d.credited_date = row.OptionalText("credited_date").value_or("");
  d.purpose = row.Text("purpose");
  r.match_state = row.Text("match_state");
  r.unallocated_kopecks = row.Int64("unallocated_kopecks");
  r.refunded_kopecks = row.Int64("refunded_kopecks");
  r.create_time_micros = row.Int64("create_time_us");
  return r;
}

// A row of accounting_list_refund_shares and accounting_undo_refund_shares.
RefundShareRecord RefundShareFromRow(const common::db::Row& row) {
  return {row.Text("other_id"), row.Text("other_number"), row.Text("other_date"),
          row.Int64("amount_kopecks"), row.Text("method")};
}

}  // namespace

void PaymentStore::InsertStatement(pqxx::transaction_base& tx, const StatementRecord& statement,
                                   const domain::BankStatement& parsed) {
  tx.exec_prepared("accounting_insert_bank_statement", statement.id, statement.file_name,
                   statement.sha256, static_cast<int64_t>(statement.content.size()),
                   parsed.code_page == common::CodePage::kCp866 ? "DOS" : "Windows",
                   parsed.start_date, parsed.end_date, common::db::ArrayLiteral(parsed.accounts),
                   static_cast<int>(parsed.documents.size()), statement.imported_by,
                   pqxx::binarystring(statement.content));
}

void PaymentStore::SetImportedCount(pqxx::transaction_base& tx, const std::string& statement_id,
                                    int imported) {
  tx.exec_prepared("accounting_set_statement_imported_count", statement_id, imported);
}

void PaymentStore::LockImports(pqxx::transaction_base& tx) {
  tx.exec_prepared("accounting_lock_payment_imports");
}

std::vector<bool> PaymentStore::KnownPaymentOrders(
    pqxx::transaction_base& tx, std::span<const domain::StatementDocument> docs) {
  std::vector<std::string> numbers, dates, accounts;
  std::vector<int64_t> amounts;
  numbers.reserve(docs.size());
  dates.reserve(docs.size());
  accounts.reserve(docs.size());
  amounts.reserve(docs.size());
  for (const auto& doc : docs) {
    numbers.push_back(doc.number);
    dates.push_back(doc.date);
    accounts.push_back(doc.payer_account);
    amounts.push_back(doc.amount_kopecks);
  }
  std::vector<bool> known(docs.size(), false);
  for (const auto& row :
       tx.exec_prepared("accounting_known_payment_orders", common::db::QuotedArrayLiteral(numbers),
                        common::db::ArrayLiteral(dates), common::db::ArrayLiteral(accounts),
                        common::db::NumberArrayLiteral(amounts))) {
    known.at(static_cast<std::size_t>(common::db::Row(row).Int64("ord") - 1)) = true;
  }
  return known;
}

const std::vector<std::string> PaymentStore::kCopyColumns = {"id",
                                                             "statement_id",
                                                             "line",
                                                             "direction",
                                                             "document_kind",
                                                             "number",
                                                             "payment_date",
                                                             "amount_kopecks",
                                                             "payer_account",
                                                             "payer_inn",
                                                             "payer_kpp",
                                                             "payer_name",
                                                             "payer_bank",
                                                             "payer_bik",
                                                             "payee_account",
                                                             "payee_inn",
                                                             "payee_kpp",
                                                             "payee_name",
                                                             "payee_bank",
                                                             "payee_bik",
                                                             "debited_date",
                                                             "credited_date",
                                                             "purpose",
                                                             "fields",
                                                             "match_state",
                                                             "unallocated_kopecks"};

void PaymentStore::InsertPayments(pqxx::transaction_base& tx,
                                  const std::vector<PaymentRecord>& payments,
                                  const std::vector<const domain::StatementDocument*>& sources) {
  if (payments.empty()) {
    return;
  }
  pqxx::stream_to copy(tx, "payments", PaymentStore::kCopyColumns);
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const PaymentRecord& payment = payments[i];
    const domain::StatementDocument& doc = *sources.at(i);
    copy << std::make_tuple(
        payment.id, payment.statement_id, doc.line, payment.direction, doc.kind, doc.number,
        doc.date, doc.amount_kopecks, doc.payer_account, doc.payer_inn, doc.payer_kpp,
        doc.payer_name, doc.payer_bank, doc.payer_bik, doc.payee_account, doc.payee_inn,
        doc.payee_kpp, doc.payee_name, doc.payee_bank, doc.payee_bik, NullIfEmpty(doc.debited_date),
        NullIfEmpty(doc.credited_date), doc.purpose, doc.fields_json, payment.match_state,
        payment.unallocated_kopecks);
  }
  copy.complete();
}

std::optional<PaymentRecord> PaymentStore::Get(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_get_payment", id), PaymentFromRow);
}

std::optional<PaymentRecord> PaymentStore::Lock(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_lock_payment", id), PaymentFromRow);
}

void PaymentStore::SetMatch(pqxx::transaction_base& tx, const std::string& id,
                            const std::string& match_state, int64_t unallocated_kopecks) {
  tx.exec_prepared("accounting_set_payment_match", id, match_state, unallocated_kopecks);
}

void PaymentStore::InsertAllocation(pqxx::transaction_base& tx, const std::string& id,
                                    const std::string& payment_id, const std::string& invoice_id,
                                    int64_t amount_kopecks, const std::string& method,
                                    const std::string& matched_by) {
  tx.exec_prepared("accounting_insert_allocation", id, payment_id, invoice_id, amount_kopecks,
                   method, matched_by);
}

void PaymentStore::InsertAllocations(pqxx::transaction_base& tx,
                                     const std::vector<NewAllocation>& allocations,
                                     const std::string& method, const std::string& matched_by) {
  if (allocations.empty()) {
    return;
  }
  pqxx::stream_to copy(tx, "payment_allocations",
                       std::vector<std::string>{"id", "payment_id", "invoice_id", "amount_kopecks",
                                                "method", "matched_by"});
  for (const auto& allocation : allocations) {
    copy << std::make_tuple(common::NewUuid(), allocation.payment_id, allocation.invoice_id,
                            allocation.amount_kopecks, method, matched_by);
  }
  copy.complete();
}

std::vector<AllocationRecord> PaymentStore::AllocationsOf(pqxx::transaction_base& tx,
                                                          const std::string& payment_id) {
  return common::db::RowsOf(tx.exec_prepared("accounting_list_allocations", payment_id),
                            AllocationFromRow);
}

std::vector<AllocationRecord> PaymentStore::UndoAllocations(pqxx::transaction_base& tx,
                                                            const std::string& payment_id,
                                                            const std::string& undone_by) {
  return common::db::RowsOf(tx.exec_prepared("accounting_undo_allocations", payment_id, undone_by),
                            AllocationFromRow);
}

std::vector<PaymentRecord> PaymentStore::LockCredits(pqxx::transaction_base& tx,
                                                     const std::string& payer_inn) {
  return common::db::RowsOf(tx.exec_prepared("accounting_lock_credits_of_payer", payer_inn),
                            PaymentFromRow);
}

void PaymentStore::InsertRefundShare(pqxx::transaction_base& tx, const std::string& refund_id,
                                     const std::string& payment_id, int64_t amount_kopecks,
                                     const std::string& method, const std::string& matched_by) {
  tx.exec_prepared("accounting_insert_refund_share", common::NewUuid(), refund_id, payment_id,
                   amount_kopecks, method, matched_by);
}

void PaymentStore::AddRefunded(pqxx::transaction_base& tx, const std::string& payment_id,
                               int64_t kopecks) {
  tx.exec_prepared("accounting_add_payment_refunded", payment_id, kopecks);
}

std::vector<RefundShareRecord> PaymentStore::RefundSharesOf(pqxx::transaction_base& tx,
                                                            const std::string& payment_id) {
  return common::db::RowsOf(tx.exec_prepared("accounting_list_refund_shares", payment_id),
                            RefundShareFromRow);
}

std::vector<RefundShareRecord> PaymentStore::UndoRefundShares(pqxx::transaction_base& tx,
                                                              const std::string& refund_id,
                                                              const std::string& undone_by) {
  return common::db::RowsOf(tx.exec_prepared("accounting_undo_refund_shares", refund_id, undone_by),
                            RefundShareFromRow);
}

std::vector<InvoiceAllocationRecord> PaymentStore::AllocationsTo(pqxx::transaction_base& tx,
                                                                 const std::string& invoice_id) {
  return common::db::RowsOf(tx.exec_prepared("accounting_list_allocations_to_invoice", invoice_id),
                            [](const common::db::Row& row) {
                              return InvoiceAllocationRecord{row.Text("id"), row.Text("payment_id"),
                                                             row.Int64("amount_kopecks"),
                                                             row.Text("method"),
                                                             row.Text("matched_by")};
                            });
}

void PaymentStore::UndoAllocation(pqxx::transaction_base& tx, const std::string& id,
                                  const std::string& undone_by) {
  tx.exec_prepared("accounting_undo_allocation", id, undone_by);
}

PaymentPage PaymentStore::List(pqxx::transaction_base& tx, const PaymentFilter& filter,
                               int page_size, const std::optional<common::api::TimeKey>& after) {
  const common::api::TimeKeyParams start = common::api::TimeKeyParamsOf(after);
  auto result =
      tx.exec_prepared("accounting_list_payments", common::db::OrNull(filter.statement_id),
                       common::db::OrNull(filter.direction), common::db::OrNull(start.micros),
                       common::db::OrNull(start.id), page_size + 1, filter.unmatched_only);
  return common::db::ReadKeysetPage(result, page_size, PaymentFromRow,
                                    [](const PaymentRecord& last) {
                                      return common::api::TimeKey{last.create_time_micros, last.id};
                                    });
}

}  // namespace crm::accounting
