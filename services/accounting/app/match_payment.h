#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/accounting/domain/payment_matching.h"

// Matching incoming payments to invoices (docs/accounting-bank-statements.md): at import by the
// rules of domain/payment_matching.h, or by an accountant's hand, and undoing a match. Each runs in
// its caller's transaction and enqueues the events it causes.
namespace crm::accounting::app {

// Matches a payment just imported (PaymentStore row, still unmatched) to the payer's open invoices,
// records the allocations, marks the payment matched or leaves it in the unmatched queue, and
// enqueues crm.accounting.payment.received (plus invoice.paid for each invoice it settles).
void MatchImportedPayment(pqxx::work& tx, const std::string& payment_id);

// An accountant's allocation of the payment's unallocated amount to invoices. Throws
// common::NotFoundError for an unknown payment or invoice, common::PreconditionError when the
// payment is not incoming, an invoice is not payable, or an amount is more than the payment has
// left or the invoice still owes. Enqueues crm.accounting.payment.matched with the shares it made,
// and invoice.paid for each invoice it settles.
void MatchPaymentByHand(pqxx::work& tx, const std::string& payment_id,
                        const std::vector<domain::Allocation>& allocations,
                        const std::string& matched_by);

// Undoes every standing allocation of the payment (automatic or by hand): the invoices owe again
// and the payment goes back to the unmatched queue. An invoice.paid already emitted stays the one.
// Throws common::NotFoundError for an unknown payment, common::PreconditionError when nothing is
// matched. Enqueues crm.accounting.payment.unmatched with the shares undone.
void UnmatchPayment(pqxx::work& tx, const std::string& payment_id, const std::string& undone_by);

// Moves the payments standing on an invoice just replaced to its replacement (an amended sale's
// new invoice): every allocation to the replaced one is undone and made again, with its method and
// matcher, to the replacement, oldest first, up to what the replacement owes; what exceeds that
// is left unallocated on its payment (an overpayment; a payment left on no invoice goes back to
// the unmatched queue). Enqueues invoice.paid for the replacement when this pays it in full.
void MovePaymentsToReplacement(pqxx::work& tx, const std::string& replaced_id,
                               const std::string& replacement_id);

}  // namespace crm::accounting::app
