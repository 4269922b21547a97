#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Matching an incoming bank payment to the payer's open invoices
// (docs/accounting-bank-statements.md): pure, so the rules are unit-tested without a database.
namespace crm::accounting::domain {

// An invoice the payer (same INN) still owes on.
struct OpenInvoice {
  std::string document_id;
  std::string number;
  int64_t outstanding_kopecks = 0;  // total − paid, > 0
};

struct Allocation {
  std::string document_id;
  int64_t amount_kopecks = 0;
};

struct Match {
  std::vector<Allocation> allocations;  // empty: the payment goes to the unmatched queue
  int64_t unallocated_kopecks = 0;      // an overpayment, or the whole amount when unmatched
};

// The words of a payment's purpose that may be invoice numbers: runs of letters, digits, '-' and
// '/' ("№2026-000007," gives "2026-000007"), each once, in order.
std::vector<std::string> InvoiceNumbersIn(std::string_view purpose);

// Where `amount_kopecks` goes among `payer_invoices` (the payer's open invoices, oldest first):
// - the invoices whose numbers the purpose names, in the purpose's order, each up to what it
//   still owes: one payment can settle several invoices, pay one in part, or overpay (the rest
//   stays unallocated);
// - when the purpose names none of them, the one invoice owing exactly the amount; when none or
//   several do, nothing: an accountant decides.
Match MatchPayment(int64_t amount_kopecks, std::string_view purpose,
                   const std::vector<OpenInvoice>& payer_invoices);

// An incoming payment of the client with money no invoice or refund has taken.
struct Credit {
  std::string payment_id;
  std::string number;             // the payment order's
  int64_t available_kopecks = 0;  // > 0
};

struct RefundShare {
  std::string payment_id;
  int64_t amount_kopecks = 0;
};

// Whether an outgoing payment's purpose says it returns money: "возврат" in any case.
bool IsRefundPurpose(std::string_view purpose);

// What an outgoing payment of `amount_kopecks` to a client returns of `credits` (the client's
// incoming payments with money left, oldest first) when its purpose says it is a refund: the
// payments whose numbers the purpose names first, then the oldest, each up to what it has left.
// Nothing when the purpose is not a refund's or the credits add up to less than the amount: an
// accountant decides.
std::vector<RefundShare> MatchRefund(int64_t amount_kopecks, std::string_view purpose,
                                     const std::vector<Credit>& credits);

}  // namespace crm::accounting::domain
