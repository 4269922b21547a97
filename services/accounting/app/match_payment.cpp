#include "services/accounting/app/match_payment.h"

#include <algorithm>
#include <map>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/events/published.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/payment_store.h"

namespace crm::accounting::app {
namespace {

// Who allocates at import, and moves allocations to a replacing invoice.
constexpr std::string_view kImportMatcher = "services/accounting";

// Enqueues invoice.paid when the invoice is paid in full and it was not emitted for it before.
void NotifyIfPaid(pqxx::work& tx, const std::string& document_id) {
  const auto invoice = InvoiceStore::Get(tx, document_id);
  if (invoice && invoice->paid_kopecks >= invoice->total_kopecks &&
      InvoiceStore::MarkPaidNotified(tx, invoice->document_id)) {
    const crm::events::v1::InvoicePaid paid =
        InvoicePaidEvent(*invoice, InvoiceStore::PaymentsOf(tx, invoice->document_id));
    common::bus::EnqueueEvent(tx, crm::events::v1::kInvoicePaid, paid.document(), paid);
    common::log::Info("invoice paid", {{"document", paid.document()}, {"number", paid.number()}});
  }
}

// Records `allocations` of the payment, raises what each invoice has been paid and enqueues
// invoice.paid for each that this makes paid in full for the first time.
void Allocate(pqxx::work& tx, const std::string& payment_id,
              const std::vector<domain::Allocation>& allocations, const std::string& method,
              const std::string& by) {
  for (const auto& allocation : allocations) {
    PaymentStore::InsertAllocation(tx, common::NewUuid(), payment_id, allocation.document_id,
                                   allocation.amount_kopecks, method, by);
    InvoiceStore::AddPayment(tx, allocation.document_id, allocation.amount_kopecks);
    NotifyIfPaid(tx, allocation.document_id);
  }
}

PaymentRecord LockPayment(pqxx::work& tx, const std::string& payment_id) {
  auto payment = PaymentStore::Lock(tx, payment_id);
  if (!payment) {
    throw common::NotFoundError(common::ResourceName("payments", payment_id));
  }
  return *payment;
}

}  // namespace

void MatchImportedPayment(pqxx::work& tx, const std::string& payment_id) {
  const PaymentRecord payment = LockPayment(tx, payment_id);
  const domain::StatementDocument& doc = payment.document;
  std::vector<domain::OpenInvoice> open;
  if (!doc.payer_inn.empty()) {
    for (const InvoiceRecord& invoice : InvoiceStore::LockOpenOfPayer(tx, doc.payer_inn)) {
      open.push_back(
          {invoice.document_id, invoice.number, invoice.total_kopecks - invoice.paid_kopecks});
    }
  }
  const domain::Match match = domain::MatchPayment(doc.amount_kopecks, doc.purpose, open);
  Allocate(tx, payment_id, match.allocations, "auto", std::string(kImportMatcher));
  PaymentStore::SetMatch(tx, payment_id, match.allocations.empty() ? "unmatched" : "matched",
                         match.unallocated_kopecks);
  const crm::events::v1::PaymentReceived received = PaymentReceivedEvent(
      payment, PaymentStore::AllocationsOf(tx, payment_id), match.unallocated_kopecks);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentReceived, received.payment(), received);
}

void MatchPaymentByHand(pqxx::work& tx, const std::string& payment_id,
                        const std::vector<domain::Allocation>& allocations,
                        const std::string& matched_by) {
  const PaymentRecord payment = LockPayment(tx, payment_id);
  const std::string name = common::ResourceName("payments", payment_id);
  if (!payment.document.incoming) {
    throw common::PreconditionError("PAYMENT_OUTGOING",
                                    "an outgoing payment is not matched to invoices", name);
  }
  int64_t total = 0;
  std::vector<AllocationRecord> made;
  for (const auto& allocation : allocations) {
    const std::string invoice_name = common::ResourceName("documents", allocation.document_id);
    const auto invoice = InvoiceStore::Lock(tx, allocation.document_id);
    if (!invoice) {
      throw common::NotFoundError(invoice_name);
    }
    if (invoice->state != "issued") {
      throw common::PreconditionError("INVOICE_NOT_PAYABLE",
                                      "the invoice is " + invoice->state + ", not payable",
                                      invoice_name);
    }
    if (allocation.amount_kopecks > invoice->total_kopecks - invoice->paid_kopecks) {
      throw common::PreconditionError(
          "INVOICE_OVERPAID", "the amount is more than the invoice still owes", invoice_name);
    }
    total += allocation.amount_kopecks;
    made.push_back({allocation.document_id, invoice->number, invoice->sale,
                    allocation.amount_kopecks, "manual"});
  }
  if (total > payment.unallocated_kopecks) {
    throw common::PreconditionError("PAYMENT_OVERALLOCATED",
                                    "the amounts add up to more than the payment has unallocated",
                                    name);
  }
  Allocate(tx, payment_id, allocations, "manual", matched_by);
  PaymentStore::SetMatch(tx, payment_id, "matched", payment.unallocated_kopecks - total);
  const crm::events::v1::PaymentMatched matched =
      PaymentMatchedEvent(payment, made, payment.unallocated_kopecks - total, matched_by);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentMatched, matched.payment(), matched);
}

void UnmatchPayment(pqxx::work& tx, const std::string& payment_id, const std::string& undone_by) {
  const PaymentRecord payment = LockPayment(tx, payment_id);
  const auto undone = PaymentStore::UndoAllocations(tx, payment_id, undone_by);
  if (undone.empty()) {
    throw common::PreconditionError("PAYMENT_NOT_MATCHED", "the payment is matched to nothing",
                                    common::ResourceName("payments", payment_id));
  }
  for (const auto& allocation : undone) {
    InvoiceStore::AddPayment(tx, allocation.invoice_id, -allocation.amount_kopecks);
  }
  PaymentStore::SetMatch(tx, payment_id, "unmatched", payment.document.amount_kopecks);
  const crm::events::v1::PaymentUnmatched unmatched =
      PaymentUnmatchedEvent(payment, undone, undone_by);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentUnmatched, unmatched.payment(), unmatched);
}

void MovePaymentsToReplacement(pqxx::work& tx, const std::string& replaced_id,
                               const std::string& replacement_id) {
  // The replaced invoice is no longer issued (and locked by that change), so no match can add to
  // it now; the payments standing on it are locked in id order before anything moves. A deadlock
  // with an accountant's undoing of one of them is retried by the transaction's runner.
  std::map<std::string, PaymentRecord> payments;
  for (const std::string& id : InvoiceStore::PaymentsOf(tx, replaced_id)) {
    payments.emplace(id, LockPayment(tx, id));
  }
  if (payments.empty()) {
    return;
  }
  const auto replacement = InvoiceStore::Lock(tx, replacement_id);
  if (!replacement) {
    throw common::NotFoundError(common::ResourceName("documents", replacement_id));
  }
  int64_t room = std::max<int64_t>(replacement->total_kopecks - replacement->paid_kopecks, 0);
  int64_t moved_total = 0;
  for (const InvoiceAllocationRecord& allocation : PaymentStore::AllocationsTo(tx, replaced_id)) {
    PaymentStore::UndoAllocation(tx, allocation.id, std::string(kImportMatcher));
    InvoiceStore::AddPayment(tx, replaced_id, -allocation.amount_kopecks);
    const int64_t moved = std::min(allocation.amount_kopecks, room);
    if (moved > 0) {
      PaymentStore::InsertAllocation(tx, common::NewUuid(), allocation.payment_id, replacement_id,
                                     moved, allocation.method, allocation.matched_by);
      room -= moved;
      moved_total += moved;
    }
    auto payment = payments.find(allocation.payment_id);
    if (payment == payments.end()) {
      payment =
          payments.emplace(allocation.payment_id, LockPayment(tx, allocation.payment_id)).first;
    }
    payment->second.unallocated_kopecks += allocation.amount_kopecks - moved;
  }
  InvoiceStore::AddPayment(tx, replacement_id, moved_total);
  for (const auto& [id, payment] : payments) {
    PaymentStore::SetMatch(tx, id,
                           PaymentStore::AllocationsOf(tx, id).empty() ? "unmatched" : "matched",
                           payment.unallocated_kopecks);
  }
  common::log::Info("payments moved to the replacing invoice",
                    {{"replaced", replaced_id},
                     {"replacement", replacement_id},
                     {"kopecks", std::to_string(moved_total)}});
  if (moved_total > 0) {
    NotifyIfPaid(tx, replacement_id);
  }
}

}  // namespace crm::accounting::app
