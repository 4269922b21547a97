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
// left or the invoice still owes. Enqueues invoice.paid for each invoice it settles.
void MatchPaymentByHand(pqxx::work& tx, const std::string& payment_id,
                        const std::vector<domain::Allocation>& allocations,
                        const std::string& matched_by);

// Undoes every standing allocation of the payment (automatic or by hand): the invoices owe again
// and the payment goes back to the unmatched queue. An invoice.paid already emitted stays the one.
// Throws common::NotFoundError for an unknown payment, common::PreconditionError when nothing is
// matched.
void UnmatchPayment(pqxx::work& tx, const std::string& payment_id, const std::string& undone_by);

}  // namespace crm::accounting::app
