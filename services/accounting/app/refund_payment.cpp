#include "services/accounting/app/refund_payment.h"

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/match_payment.h"
#include "services/accounting/events/published.h"

namespace crm::accounting::app {
namespace {

// Records `shares` of the refund, takes them off the payments returned, marks the refund and
// enqueues payment.refunded with every standing share of it.
void Record(pqxx::work& tx, const PaymentRecord& refund,
            const std::vector<domain::RefundShare>& shares, const std::string& method,
            const std::string& matched_by) {
  for (const domain::RefundShare& share : shares) {
    PaymentStore::InsertRefundShare(tx, refund.id, share.payment_id, share.amount_kopecks, method,
                                    matched_by);
    PaymentStore::AddRefunded(tx, share.payment_id, share.amount_kopecks);
  }
  PaymentStore::SetMatch(tx, refund.id, "refund", 0);
  const crm::events::v1::PaymentRefunded refunded =
      PaymentRefundedEvent(refund, PaymentStore::RefundSharesOf(tx, refund.id), matched_by);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentRefunded, refunded.refund().refund(),
                            refunded);
  common::log::Info("refund matched", {{"refund", refunded.refund().refund()}, {"by", matched_by}});
}

}  // namespace

void MatchImportedRefunds(pqxx::work& tx, const std::vector<PaymentRecord>& payments) {
  for (const PaymentRecord& payment : payments) {
    const domain::StatementDocument& doc = payment.document;
    if (doc.incoming || doc.payee_inn.empty() || !domain::IsRefundPurpose(doc.purpose)) {
      continue;
    }
    std::vector<domain::Credit> credits;
    for (const PaymentRecord& credit : PaymentStore::LockCredits(tx, doc.payee_inn)) {
      credits.push_back({credit.id, credit.document.number, credit.unallocated_kopecks});
    }
    const std::vector<domain::RefundShare> shares =
        domain::MatchRefund(doc.amount_kopecks, doc.purpose, credits);
    if (!shares.empty()) {
      Record(tx, payment, shares, "auto", std::string(kImportMatcher));
    }
  }
}

void RefundByHand(pqxx::work& tx, const std::string& refund_id,
                  const std::vector<domain::RefundShare>& shares, const std::string& matched_by) {
  const PaymentRecord refund = LockPayment(tx, refund_id);
  const std::string name = common::ResourceName("payments", refund_id);
  if (refund.document.incoming) {
    throw common::PreconditionError(
        "PAYMENT_INCOMING", "an incoming payment is matched to invoices, not refunds", name);
  }
  int64_t returned = 0;
  for (const RefundShareRecord& share : PaymentStore::RefundSharesOf(tx, refund_id)) {
    returned += share.amount_kopecks;
  }
  int64_t total = 0;
  for (const domain::RefundShare& share : shares) {
    const std::string payment_name = common::ResourceName("payments", share.payment_id);
    const PaymentRecord payment = LockPayment(tx, share.payment_id);
    if (!payment.document.incoming) {
      throw common::PreconditionError("PAYMENT_OUTGOING", "a refund returns incoming payments only",
                                      payment_name);
    }
    if (share.amount_kopecks > payment.unallocated_kopecks) {
      throw common::PreconditionError(
          "PAYMENT_NOT_AVAILABLE",
          "the amount is more than the payment has on no invoice and not yet returned",
          payment_name);
    }
    total += share.amount_kopecks;
  }
  if (returned + total > refund.document.amount_kopecks) {
    throw common::PreconditionError("REFUND_OVERALLOCATED",
                                    "the amounts add up to more than the refund has not yet "
                                    "returned",
                                    name);
  }
  Record(tx, refund, shares, "manual", matched_by);
}

void UndoRefund(pqxx::work& tx, const std::string& refund_id, const std::string& undone_by) {
  const PaymentRecord refund = LockPayment(tx, refund_id);
  const std::vector<RefundShareRecord> undone =
      PaymentStore::UndoRefundShares(tx, refund_id, undone_by);
  if (undone.empty()) {
    throw common::PreconditionError("PAYMENT_NOT_MATCHED", "the payment returns nothing",
                                    common::ResourceName("payments", refund_id));
  }
  for (const RefundShareRecord& share : undone) {
    PaymentStore::AddRefunded(tx, share.other_id, -share.amount_kopecks);
  }
  PaymentStore::SetMatch(tx, refund_id, "outgoing", 0);
  const crm::events::v1::PaymentRefundUndone event =
      PaymentRefundUndoneEvent(refund, undone, undone_by);
  common::bus::EnqueueEvent(tx, crm::events::v1::kPaymentRefundUndone, event.refund().refund(),
                            event);
}

}  // namespace crm::accounting::app
