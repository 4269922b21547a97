#include "services/accounting/domain/payment_matching.h"

#include <algorithm>

namespace crm::accounting::domain {
namespace {

// The characters of an invoice number as documents gives them ("2026-000007"): ASCII letters and
// digits, '-' and '/'. Anything else ('№', spaces, Cyrillic, punctuation) separates words.
bool InNumber(std::string_view text, std::size_t i) {
  const char c = text[i];
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '/';
}

}  // namespace

std::vector<std::string> InvoiceNumbersIn(std::string_view purpose) {
  std::vector<std::string> numbers;
  std::size_t i = 0;
  while (i < purpose.size()) {
    if (!InNumber(purpose, i)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < purpose.size() && InNumber(purpose, end)) {
      ++end;
    }
    std::string_view word = purpose.substr(i, end - i);
    while (!word.empty() && (word.back() == '-' || word.back() == '/')) {
      word.remove_suffix(1);
    }
    while (!word.empty() && (word.front() == '-' || word.front() == '/')) {
      word.remove_prefix(1);
    }
    const bool has_digit =
        std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (has_digit && std::find(numbers.begin(), numbers.end(), word) == numbers.end()) {
      numbers.emplace_back(word);
    }
    i = end;
  }
  return numbers;
}

Match MatchPayment(int64_t amount_kopecks, std::string_view purpose,
                   const std::vector<OpenInvoice>& payer_invoices) {
  Match match;
  match.unallocated_kopecks = amount_kopecks;
  for (const std::string& number : InvoiceNumbersIn(purpose)) {
    for (const OpenInvoice& invoice : payer_invoices) {
      if (invoice.number != number || match.unallocated_kopecks == 0) {
        continue;
      }
      const int64_t share = std::min(invoice.outstanding_kopecks, match.unallocated_kopecks);
      if (share > 0) {
        match.allocations.push_back({invoice.document_id, share});
        match.unallocated_kopecks -= share;
      }
    }
  }
  if (!match.allocations.empty()) {
    return match;
  }
  const OpenInvoice* exact = nullptr;
  for (const OpenInvoice& invoice : payer_invoices) {
    if (invoice.outstanding_kopecks == amount_kopecks) {
      if (exact != nullptr) {
        return match;  // several owe exactly this: ambiguous
      }
      exact = &invoice;
    }
  }
  if (exact != nullptr) {
    match.allocations.push_back({exact->document_id, amount_kopecks});
    match.unallocated_kopecks = 0;
  }
  return match;
}

bool IsRefundPurpose(std::string_view purpose) {
  // The Cyrillic word as banks write it: lower case, capitalised, or all capitals.
  for (const std::string_view word : {"возврат", "Возврат", "ВОЗВРАТ"}) {
    if (purpose.find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::vector<RefundShare> MatchRefund(int64_t amount_kopecks, std::string_view purpose,
                                     const std::vector<Credit>& credits) {
  if (!IsRefundPurpose(purpose)) {
    return {};
  }
  // The named payments first, in the purpose's order, then the rest oldest first.
  std::vector<const Credit*> order;
  for (const std::string& number : InvoiceNumbersIn(purpose)) {
    for (const Credit& credit : credits) {
      if (credit.number == number &&
          std::find(order.begin(), order.end(), &credit) == order.end()) {
        order.push_back(&credit);
      }
    }
  }
  for (const Credit& credit : credits) {
    if (std::find(order.begin(), order.end(), &credit) == order.end()) {
      order.push_back(&credit);
    }
  }
  std::vector<RefundShare> shares;
  int64_t left = amount_kopecks;
  for (const Credit* credit : order) {
    if (left == 0) {
      break;
    }
    const int64_t share = std::min(credit->available_kopecks, left);
    if (share > 0) {
      shares.push_back({credit->payment_id, share});
      left -= share;
    }
  }
  if (left > 0) {
    return {};  // the client has less to return than the payment: not this rule's to decide
  }
  return shares;
}

}  // namespace crm::accounting::domain
