#include "services/accounting/app/match_payment.h"

#include <algorithm>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/events/published.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/payment_store.h"

namespace crm::accounting::app {
namespace {

// Who allocates at import.
constexpr std::string_view kImportMatcher = "services/accounting";

// Records `allocations` of the payment, raises what each invoice has been paid and enqueues
// invoice.paid for each that this makes paid in full for the first time.
void Allocate(pqxx::work& tx, const std::string& payment_id,
              const std::vector<domain::Allocation>& allocations, const std::string& method,
              const std::string& by) {
  for (const auto& allocation : allocations) {
    PaymentStore::InsertAllocation(tx, common::NewUuid(), payment_id, allocation.document_id,
                                   allocation.amount_kopecks, method, by);
    InvoiceStore::AddPayment(tx, allocation.document_id, allocation.amount_kopecks);
    const auto invoice = InvoiceStore::Get(tx, allocation.document_id);
    if (invoice && invoice->paid_kopecks >= invoice->total_kopecks &&
        InvoiceStore::MarkPaidNotified(tx, invoice->document_id)) {
      const crm::events::v1::InvoicePaid paid =
          InvoicePaidEvent(*invoice, InvoiceStore::PaymentsOf(tx, invoice->document_id));
      common::bus::EnqueueEvent(tx, crm::events::v1::kInvoicePaid, paid.document(), paid);
      common::log::Info("invoice paid", {{"document", paid.document()}, {"number", paid.number()}});
    }
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
  }
  if (total > payment.unallocated_kopecks) {
    throw common::PreconditionError("PAYMENT_OVERALLOCATED",
                                    "the amounts add up to more than the payment has unallocated",
                                    name);
  }
  Allocate(tx, payment_id, allocations, "manual", matched_by);
  PaymentStore::SetMatch(tx, payment_id, "matched", payment.unallocated_kopecks - total);
}

void UnmatchPayment(pqxx::work& tx, const std::string& payment_id, const std::string& undone_by) {
  const PaymentRecord payment = LockPayment(tx, payment_id);
  const auto undone = PaymentStore::UndoAllocations(tx, payment_id, undone_by);
  if (undone.empty()) {
    throw common::PreconditionError("PAYMENT_NOT_MATCHED", "the payment is matched to nothing",
                                    common::ResourceName("payments", payment_id));
  }
  for (const auto& allocation : undone) {
    InvoiceStore::AddPayment(tx, allocation.document_id, -allocation.amount_kopecks);
  }
  PaymentStore::SetMatch(tx, payment_id, "unmatched", payment.document.amount_kopecks);
}

}  // namespace crm::accounting::app
