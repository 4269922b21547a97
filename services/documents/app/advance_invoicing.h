#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/accounting_payment_events.pb.h"

// Advance VAT invoices (счета-фактуры на аванс) from accounting's payments: a payment matched to
// the invoice of a sale that has no act yet is a prepayment, and the tax rules want a VAT invoice
// for it within 5 calendar days (Tax Code art. 168 p. 3).
namespace crm::documents::app {

// Handles crm.accounting.payment.received: for each sale the payment went to (its matched
// invoice shares, summed per sale) that has no act yet, issues one advance VAT invoice of the
// issuer of the sale's invoice, dated the payment date (or the series' latest date if later),
// VAT at the estimated rate 22/122 of the amount. Nothing for an unmatched payment, for a sale
// already closed by its act, or for a (payment, sale) that has its advance VAT invoice (a
// redelivery). A malformed payment is a PoisonEvent, before any number is taken; a sale without
// an invoice in documents yet is a PreconditionError (NO_INVOICE), retried by redelivery.
// Logs a warning when the invoice is issued more than 5 days after the payment. `match_time` (RFC
// 3339; the event's time, or payment.matched's match_time): a match undone since
// (payment.unmatched handled first, the match's delivery retried) issues nothing; a match made
// after a release keeps the advance VAT invoice in force and ends the release.
void IssueAdvanceVatInvoices(pqxx::work& tx, const events::v1::PaymentReceived& payment,
                             const std::string& event_id,
                             const std::optional<std::string>& match_time);

// Handles crm.accounting.payment.unmatched (`unmatch_time`, RFC 3339: the event's or ce-time).
// An accountant undid the match (`unmatched_by` an employee): the advance VAT invoice issued for
// it (payment and sale) was issued in error and is annulled, published as document.annulled; a
// later match issues a new one. The sale's invoice was annulled (`services/accounting`: the sale
// was cancelled and the money released): the prepayment was real and its advance VAT invoice
// stays; a refund of it makes its VAT deductible (RecordAdvanceRefund). An undoing older than one
// already handled changes nothing. A malformed event is a PoisonEvent.
void FollowUnmatchedPayment(pqxx::work& tx, const events::v1::PaymentUnmatched& unmatched,
                            const std::string& event_id, const std::string& unmatch_time);

// Handles crm.accounting.payment.refunded (`undone` false) and payment.refund_undone (true) at
// `event_time` (RFC 3339). Each share of the refund (an incoming payment and how much of it went
// back) is kept as of `event_time` (an older event changes nothing); what the share returned is
// set against the payment's released advance VAT invoices in force, oldest first, each up to what
// other refunds left of it, with the VAT in it at the invoice's estimated rate; undone, nothing.
// Every advance VAT invoice whose refunds changed is published as document.advance_refunded with
// this refund's part and its totals. A republished refund (each hand match publishes all its
// shares again) sets the same amounts again. A malformed event is a PoisonEvent.
void RecordAdvanceRefund(pqxx::work& tx, const events::v1::RefundSnapshot& refund, bool undone,
                         const std::string& event_id, const std::string& event_time);

}  // namespace crm::documents::app
