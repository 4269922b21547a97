#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/db/rows.h"
#include "services/accounting/domain/bank_statement.h"
#include "services/accounting/domain/payment_matching.h"

// Bank statements and their payments (the bank_statements and payments tables), through the
// named queries of store/sql/payments.sql.
namespace crm::accounting {

struct StatementRecord {
  std::string id;  // UUID
  std::string file_name;
  std::string sha256;
  std::string imported_by;  // the caller's subject
  std::string content;      // the file's bytes
};

struct PaymentRecord {
  std::string id;  // UUID
  std::string statement_id;
  std::string direction;  // "incoming", "outgoing"
  domain::StatementDocument document;
  std::string match_state;  // "unmatched", "matched", "outgoing", "refund", "refunded"
  int64_t unallocated_kopecks = 0;
  int64_t refunded_kopecks = 0;  // what refunds returned of an incoming payment
  int64_t create_time_micros = 0;
};

// A standing allocation of a payment to an invoice.
struct AllocationRecord {
  std::string invoice_id;  // UUID
  std::string invoice_number;
  std::string sale;  // "sales/{sale}"
  int64_t amount_kopecks = 0;
  std::string method;  // "auto", "manual"
};

// A standing allocation to an invoice, as PaymentStore::AllocationsTo lists them.
struct InvoiceAllocationRecord {
  std::string id;  // UUID
  std::string payment_id;
  int64_t amount_kopecks = 0;
  std::string method;  // "auto", "manual"
  std::string matched_by;
};

// An allocation about to be recorded.
struct NewAllocation {
  std::string payment_id;
  std::string invoice_id;
  int64_t amount_kopecks = 0;
};

// A standing refund share, seen from one of its two payments: `other_*` is the payment returned
// (seen from the refund) or the refund (seen from the incoming payment).
struct RefundShareRecord {
  std::string other_id;  // UUID
  std::string other_number;
  std::string other_date;  // ISO
  int64_t amount_kopecks = 0;
  std::string method;  // "auto", "manual"
};

using PaymentPage = common::db::KeysetPage<PaymentRecord, common::api::TimeKey>;

struct PaymentFilter {
  std::optional<std::string> statement_id;
  std::optional<std::string> direction;
  bool unmatched_only = false;  // the accountants' queue: incoming payments matched to nothing
};

class PaymentStore {
 public:
  // Records the statement `parsed` was read from, with no payments counted yet.
  static void InsertStatement(pqxx::transaction_base& tx, const StatementRecord& statement,
                              const domain::BankStatement& parsed);
  static void SetImportedCount(pqxx::transaction_base& tx, const std::string& statement_id,
                               int imported);

  // Makes the caller's transaction the only import running until it ends, so that payment
  // orders KnownPaymentOrders finds unknown stay unknown until InsertPayments records them.
  static void LockImports(pqxx::transaction_base& tx);

  // Which of the payment orders (number, date, payer's account, amount) of `docs` are recorded
  // already: one flag per document.
  static std::vector<bool> KnownPaymentOrders(pqxx::transaction_base& tx,
                                              std::span<const domain::StatementDocument> docs);

  // The columns InsertPayments COPYs, in order.
  static const std::vector<std::string> kCopyColumns;

  // Records `payments` (new ones, of the statement `statement_id`) with their match state and
  // unallocated amount, with one COPY. `sources[i]` is the statement document of `payments[i]`,
  // whose every field is stored with it.
  static void InsertPayments(pqxx::transaction_base& tx, const std::vector<PaymentRecord>& payments,
                             const std::vector<const domain::StatementDocument*>& sources);

  static std::optional<PaymentRecord> Get(pqxx::transaction_base& tx, const std::string& id);
  // Get, with the row locked for a match or its undoing.
  static std::optional<PaymentRecord> Lock(pqxx::transaction_base& tx, const std::string& id);

  static void SetMatch(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& match_state, int64_t unallocated_kopecks);
  static void InsertAllocation(pqxx::transaction_base& tx, const std::string& id,
                               const std::string& payment_id, const std::string& invoice_id,
                               int64_t amount_kopecks, const std::string& method,
                               const std::string& matched_by);
  // Records many allocations, made by `method` and `matched_by`, in their order (one COPY).
  static void InsertAllocations(pqxx::transaction_base& tx,
                                const std::vector<NewAllocation>& allocations,
                                const std::string& method, const std::string& matched_by);
  // The payment's standing allocations, oldest first.
  static std::vector<AllocationRecord> AllocationsOf(pqxx::transaction_base& tx,
                                                     const std::string& payment_id);
  // Undoes every standing allocation of the payment and returns them.
  static std::vector<AllocationRecord> UndoAllocations(pqxx::transaction_base& tx,
                                                       const std::string& payment_id,
                                                       const std::string& undone_by);

  // The client's (by INN) incoming payments with money no invoice or refund has taken, oldest
  // first, locked.
  static std::vector<PaymentRecord> LockCredits(pqxx::transaction_base& tx,
                                                const std::string& payer_inn);
  // Records a refund's share of an incoming payment.
  static void InsertRefundShare(pqxx::transaction_base& tx, const std::string& refund_id,
                                const std::string& payment_id, int64_t amount_kopecks,
                                const std::string& method, const std::string& matched_by);
  // Adds `kopecks` (negative to undo) to what refunds returned of an incoming payment, taking it
  // from its unallocated amount; its match state follows.
  static void AddRefunded(pqxx::transaction_base& tx, const std::string& payment_id,
                          int64_t kopecks);
  // The standing refund shares the payment takes part in, oldest first.
  static std::vector<RefundShareRecord> RefundSharesOf(pqxx::transaction_base& tx,
                                                       const std::string& payment_id);
  // Undoes the refund's standing shares and returns them (seen from the refund).
  static std::vector<RefundShareRecord> UndoRefundShares(pqxx::transaction_base& tx,
                                                         const std::string& refund_id,
                                                         const std::string& undone_by);

  // The standing allocations of payments to the invoice, oldest first.
  static std::vector<InvoiceAllocationRecord> AllocationsTo(pqxx::transaction_base& tx,
                                                            const std::string& invoice_id);
  // Undoes one standing allocation.
  static void UndoAllocation(pqxx::transaction_base& tx, const std::string& id,
                             const std::string& undone_by);

  // Newest first, starting after `after` (from the first row when nullopt).
  static PaymentPage List(pqxx::transaction_base& tx, const PaymentFilter& filter, int page_size,
                          const std::optional<common::api::TimeKey>& after);
};

}  // namespace crm::accounting
