#include "services/accounting/app/match_payment.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/refund_payment.h"
#include "services/accounting/events/published.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/payment_store.h"

namespace crm::accounting::app {
namespace {

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

}  // namespace

PaymentRecord LockPayment(pqxx::work& tx, const std::string& payment_id) {
  return common::api::Found(PaymentStore::Lock(tx, payment_id),
                            common::ResourceName("payments", payment_id));
}

ImportMatches MatchImportedPayments(pqxx::work& tx, std::vector<PaymentRecord>& payments) {
  std::vector<std::string> inns;
  for (const PaymentRecord& payment : payments) {
    if (payment.document.incoming && !payment.document.payer_inn.empty()) {
      inns.push_back(payment.document.payer_inn);
    }
  }
  std::sort(inns.begin(), inns.end());
  inns.erase(std::unique(inns.begin(), inns.end()), inns.end());
  // The payers' open invoices, each payer's oldest first, as matching sees them; what a payment
  // takes is taken off before the next payment is matched.
  std::unordered_map<std::string, InvoiceRecord> invoices;
  std::unordered_map<std::string, std::vector<domain::OpenInvoice>> open_of_payer;
  for (InvoiceRecord& invoice : InvoiceStore::LockOpenOfPayers(tx, inns)) {
    open_of_payer[invoice.client_inn].push_back(
        {invoice.document_id, invoice.number, invoice.total_kopecks - invoice.paid_kopecks});
    std::string id = invoice.document_id;
    invoices.emplace(std::move(id), std::move(invoice));
  }

  ImportMatches matches;
  std::map<std::string, int64_t> added;  // invoice → kopecks
  for (PaymentRecord& payment : payments) {
    if (!payment.document.incoming) {
      continue;
    }
    std::vector<domain::OpenInvoice>& open = open_of_payer[payment.document.payer_inn];
    const domain::Match match =
        domain::MatchPayment(payment.document.amount_kopecks, payment.document.purpose, open);
    std::vector<AllocationRecord> made;
    for (const domain::Allocation& allocation : match.allocations) {
      matches.allocations.push_back(
          {payment.id, allocation.document_id, allocation.amount_kopecks});
      added[allocation.document_id] += allocation.amount_kopecks;
      const InvoiceRecord& invoice = invoices.at(allocation.document_id);
      made.push_back(
          {invoice.document_id, invoice.number, invoice.sale, allocation.amount_kopecks, "auto"});
      for (domain::OpenInvoice& owed : open) {
        if (owed.document_id == allocation.document_id) {
          owed.outstanding_kopecks -= allocation.amount_kopecks;
        }
      }
    }
    std::erase_if(open,
                  [](const domain::OpenInvoice& owed) { return owed.outstanding_kopecks <= 0; });
    payment.match_state = match.allocations.empty() ? "unmatched" : "matched";
    payment.unallocated_kopecks = match.unallocated_kopecks;
    matches.received.push_back(PaymentReceivedEvent(payment, made, match.unallocated_kopecks));
  }
  matches.invoices.reserve(added.size());
  for (const auto& [id, kopecks] : added) {
    InvoiceRecord& invoice = invoices.at(id);
    invoice.paid_kopecks += kopecks;
    const bool settled = invoice.paid_kopecks >= invoice.total_kopecks && !invoice.paid_notified;
    matches.invoices.push_back({id, kopecks, settled});
    if (settled) {
      invoice.paid_notified = true;
      matches.settled.push_back(invoice);
    }
  }
  return matches;
}

void RecordImportMatches(pqxx::work& tx, const ImportMatches& matches) {
  PaymentStore::InsertAllocations(tx, matches.allocations, "auto", std::string(kImportMatcher));
  InvoiceStore::AddPayments(tx, matches.invoices);

  std::vector<common::bus::PendingEvent<crm::events::v1::PaymentReceived>> received;
  received.reserve(matches.received.size());
  for (const auto& event : matches.received) {
    received.push_back({event.payment(), &event});
  }
  common::bus::EnqueueEvents(tx, crm::events::v1::kPaymentReceived, received);

  if (matches.settled.empty()) {
    return;
  }
  std::vector<std::string> settled_ids;
  settled_ids.reserve(matches.settled.size());
  for (const InvoiceRecord& invoice : matches.settled) {
    settled_ids.push_back(invoice.document_id);
  }
  auto payments_of = InvoiceStore::PaymentsOfInvoices(tx, settled_ids);
  std::vector<crm::events::v1::InvoicePaid> events;
  events.reserve(matches.settled.size());
  for (const InvoiceRecord& invoice : matches.settled) {
    events.push_back(InvoicePaidEvent(invoice, payments_of[invoice.document_id]));
  }
  std::vector<common::bus::PendingEvent<crm::events::v1::InvoicePaid>> paid;
  paid.reserve(events.size());
  for (const auto& event : events) {
    paid.push_back({event.document(), &event});
  }
  common::bus::EnqueueEvents(tx, crm::events::v1::kInvoicePaid, paid);
  common::log::Info("invoices paid", {{"count", std::to_string(events.size())}});
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
    const InvoiceRecord invoice =
        common::api::Found(InvoiceStore::Lock(tx, allocation.document_id), invoice_name);
    if (invoice.state != "issued") {
      throw common::PreconditionError(
          "INVOICE_NOT_PAYABLE", "the invoice is " + invoice.state + ", not payable", invoice_name);
    }
    if (allocation.amount_kopecks > invoice.total_kopecks - invoice.paid_kopecks) {
      throw common::PreconditionError(
          "INVOICE_OVERPAID", "the amount is more than the invoice still owes", invoice_name);
    }
    total += allocation.amount_kopecks;
    made.push_back({allocation.document_id, invoice.number, invoice.sale, allocation.amount_kopecks,
                    "manual"});
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
  if (!payment.document.incoming) {
    UndoRefund(tx, payment_id, undone_by);
    return;
  }
  const auto undone = PaymentStore::UndoAllocations(tx, payment_id, undone_by);
  if (undone.empty()) {
    throw common::PreconditionError("PAYMENT_NOT_MATCHED", "the payment is matched to nothing",
                                    common::ResourceName("payments", payment_id));
  }
  int64_t unallocated = payment.unallocated_kopecks;
  for (const auto& allocation : undone) {
    InvoiceStore::AddPayment(tx, allocation.invoice_id, -allocation.amount_kopecks);
    unallocated += allocation.amount_kopecks;
  }
  PaymentStore::SetMatch(tx, payment_id, "unmatched", unallocated);
  const crm::events::v1::PaymentUnmatched unmatched =
      PaymentUnmatchedEvent(payment, undone, unallocated, undone_by);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentUnmatched, unmatched.payment(), unmatched);
}

void ReleasePaymentsOfAnnulled(pqxx::work& tx, const std::string& invoice_id) {
  const auto invoice = InvoiceStore::Get(tx, invoice_id);
  const std::vector<InvoiceAllocationRecord> allocations =
      PaymentStore::AllocationsTo(tx, invoice_id);
  if (!invoice || allocations.empty()) {
    return;
  }
  // The payments in id order, locked before anything changes (as MovePaymentsToReplacement).
  std::map<std::string, PaymentRecord> payments;
  for (const InvoiceAllocationRecord& allocation : allocations) {
    if (!payments.contains(allocation.payment_id)) {
      payments.emplace(allocation.payment_id, PaymentRecord{});
    }
  }
  for (auto& [id, payment] : payments) {
    payment = LockPayment(tx, id);
  }
  std::map<std::string, std::vector<AllocationRecord>> undone;
  int64_t released = 0;
  for (const InvoiceAllocationRecord& allocation : allocations) {
    PaymentStore::UndoAllocation(tx, allocation.id, std::string(kImportMatcher));
    payments.at(allocation.payment_id).unallocated_kopecks += allocation.amount_kopecks;
    undone[allocation.payment_id].push_back(
        {invoice_id, invoice->number, invoice->sale, allocation.amount_kopecks, allocation.method});
    released += allocation.amount_kopecks;
  }
  InvoiceStore::AddPayment(tx, invoice_id, -released);
  for (const auto& [id, payment] : payments) {
    const bool still_matched = !PaymentStore::AllocationsOf(tx, id).empty();
    PaymentStore::SetMatch(tx, id, still_matched ? "matched" : "unmatched",
                           payment.unallocated_kopecks);
    const crm::events::v1::PaymentUnmatched unmatched = PaymentUnmatchedEvent(
        payment, undone.at(id), payment.unallocated_kopecks, std::string(kImportMatcher));
    common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentUnmatched, unmatched.payment(),
                              unmatched);
  }
  common::log::Info("payments of an annulled invoice released",
                    {{"document", invoice_id}, {"kopecks", std::to_string(released)}});
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
  const InvoiceRecord replacement = common::api::Found(
      InvoiceStore::Lock(tx, replacement_id), common::ResourceName("documents", replacement_id));
  int64_t room = std::max<int64_t>(replacement.total_kopecks - replacement.paid_kopecks, 0);
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
