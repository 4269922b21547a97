#pragma once

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
// Logs a warning when the invoice is issued more than 5 days after the payment.
void IssueAdvanceVatInvoices(pqxx::work& tx, const events::v1::PaymentReceived& payment,
                             const std::string& event_id);

}  // namespace crm::documents::app
