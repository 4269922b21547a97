#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "crm/events/v1/accounting_topics.h"
#include "services/accounting/domain/payment_matching.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/payment_store.h"

// Matching incoming payments to invoices (docs/accounting-bank-statements.md): at import by the
// rules of domain/payment_matching.h, or by an accountant's hand, and undoing a match. Each runs in
// its caller's transaction and enqueues the events it causes.
namespace crm::accounting::app {

// Who matches at import, moves allocations to a replacing invoice and releases an annulled one's.
inline constexpr std::string_view kImportMatcher = "services/accounting";

// The payment, locked for a match or its undoing. Throws common::NotFoundError when unknown.
PaymentRecord LockPayment(pqxx::work& tx, const std::string& payment_id);

// The matches of the incoming payments an import brings, worked out before anything is written.
struct ImportMatches {
  std::vector<NewAllocation> allocations;  // in the payments' order
  std::vector<InvoicePayment> invoices;    // what they add to each invoice
  std::vector<InvoiceRecord> settled;      // paid in full by them for the first time
  std::vector<crm::events::v1::PaymentReceived> received;  // one per incoming payment
};

// Matches the incoming ones of `payments` (new, not recorded yet), in their order, to their
// payers' open invoices, as if one after the other, by the rules of domain/payment_matching.h:
// locks those invoices (one statement however many payments) and sets each payment's match
// state and unallocated amount.
ImportMatches MatchImportedPayments(pqxx::work& tx, std::vector<PaymentRecord>& payments);

// Records `matches` once their payments are recorded: the allocations (one COPY), what each
// invoice has been paid (one statement), and enqueues crm.accounting.payment.received for each
// payment and invoice.paid for each invoice settled (one COPY each).
void RecordImportMatches(pqxx::work& tx, const ImportMatches& matches);

// An accountant's allocation of the payment's unallocated amount to invoices. Throws
// common::NotFoundError for an unknown payment or invoice, common::PreconditionError when the
// payment is not incoming, an invoice is not payable, or an amount is more than the payment has
// left or the invoice still owes. Enqueues crm.accounting.payment.matched with the shares it made,
// and invoice.paid for each invoice it settles.
void MatchPaymentByHand(pqxx::work& tx, const std::string& payment_id,
                        const std::vector<domain::Allocation>& allocations,
                        const std::string& matched_by);

// Undoes every standing allocation of the payment (automatic or by hand): the invoices owe again
// and the payment goes back to the unmatched queue with all it has not been refunded. For an
// outgoing payment, undoes its refund (app/refund_payment.h, UndoRefund). An invoice.paid already
// emitted stays the one. Throws common::NotFoundError for an unknown payment,
// common::PreconditionError when nothing is matched. Enqueues crm.accounting.payment.unmatched with
// the shares undone.
void UnmatchPayment(pqxx::work& tx, const std::string& payment_id, const std::string& undone_by);

// Releases the payments standing on an invoice just annulled (its sale was cancelled): every
// allocation to it is undone, the money is its payments' again (matched elsewhere or refunded
// later), and crm.accounting.payment.unmatched is enqueued for each payment, by
// "services/accounting".
void ReleasePaymentsOfAnnulled(pqxx::work& tx, const std::string& invoice_id);

// Moves the payments standing on an invoice just replaced to its replacement (an amended sale's
// new invoice): every allocation to the replaced one is undone and made again, with its method and
// matcher, to the replacement, oldest first, up to what the replacement owes; what exceeds that
// is left unallocated on its payment (an overpayment; a payment left on no invoice goes back to
// the unmatched queue). Enqueues invoice.paid for the replacement when this pays it in full.
void MovePaymentsToReplacement(pqxx::work& tx, const std::string& replaced_id,
                               const std::string& replacement_id);

}  // namespace crm::accounting::app
