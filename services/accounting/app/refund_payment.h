#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/accounting/domain/payment_matching.h"
#include "services/accounting/store/payment_store.h"

// Refunds (docs/accounting-bank-statements.md, "Refunds"): an outgoing payment that returns money
// a client paid and no invoice took. Recognised at import, or matched and undone by an
// accountant. Each runs in its caller's transaction and enqueues the event it causes.
namespace crm::accounting::app {

// Of the outgoing payments just recorded by an import, each whose purpose says it is a refund
// ("возврат") and whose payee has that much money on no invoice becomes a refund of the payee's
// incoming payments (domain::MatchRefund), and crm.accounting.payment.refunded is enqueued for it.
// The others stay plain outgoing payments an accountant may match.
void MatchImportedRefunds(pqxx::work& tx, const std::vector<PaymentRecord>& payments);

// An accountant's refund: the outgoing payment `refund_id` returns `shares` of incoming payments.
// Throws common::NotFoundError for an unknown payment, common::PreconditionError when the refund
// is not an outgoing payment, a share's payment is not incoming, a share is more than its payment
// has on no invoice, or the shares add up to more than the refund has not yet returned.
void RefundByHand(pqxx::work& tx, const std::string& refund_id,
                  const std::vector<domain::RefundShare>& shares, const std::string& matched_by);

// Undoes every standing share of the refund: the payments it returned are the client's money
// again. Throws common::PreconditionError when it returns nothing. Enqueues
// crm.accounting.payment.refund_undone.
void UndoRefund(pqxx::work& tx, const std::string& refund_id, const std::string& undone_by);

}  // namespace crm::accounting::app
