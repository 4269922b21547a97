#pragma once

#include <string>
#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"

// Everything documents consumes; what it emits is in events/published.h. Four durable
// consumers, since nats-server 2.9 allows one filter subject per consumer:
// - "documents-sales" on crm.planning.sale.>: a sale's invoice is issued on sale.recorded,
//   replaced on sale.amended and annulled on sale.cancelled (app/sale_invoicing.h), and with it
//   the rest of the sale's package (application, contract, checklist, manuals);
// - "documents-employees" on crm.registry.employee.>: each employee's department unit from
//   employee.updated, so that a head of sales sees the documents of their department's managers;
// - "documents-editions" on crm.registry.edition.>: each edition's end date and status;
// - "documents-payments" on crm.accounting.payment.>: a prepayment's advance VAT invoice on
//   payment.received and payment.matched, annulled on payment.unmatched by an accountant, its
//   refunds on payment.refunded and payment.refund_undone (app/advance_invoicing.h).
namespace crm::documents {

common::bus::ConsumerOptions SalesConsumerOptions();
// `package`: the kinds a sale gets with its invoice (CRM_DOCUMENTS_SALE_PACKAGE).
void RegisterSaleHandlers(common::bus::EventRouter& router, std::vector<std::string> package);

common::bus::ConsumerOptions EmployeesConsumerOptions();
// The employee's unit as of the event (an older event never overwrites a newer one). A malformed
// name is a PoisonEvent.
void RegisterEmployeeHandlers(common::bus::EventRouter& router);

common::bus::ConsumerOptions EditionsConsumerOptions();
// Each edition's end date and status (an older event never overwrites a newer one), from which
// the edition closer (app/edition_closer.h) knows when the edition's acts are due.
void RegisterEditionHandlers(common::bus::EventRouter& router);

common::bus::ConsumerOptions PaymentsConsumerOptions();
// payment.received and .matched: the advance VAT invoices of a prepayment. A payment for a sale
// documents has no invoice of yet is retried like the sale events. payment.unmatched: an advance
// VAT invoice of a match an accountant undid is annulled. payment.refunded and .refund_undone:
// what a refund returned of released prepayments, against their advance VAT invoices. Each is
// ordered by its payload's time (match_time, unmatch_time, undo_time), else its ce-time.
void RegisterPaymentHandlers(common::bus::EventRouter& router);

// The consumers, for ServiceHost::AddConsumers: sales first, then employees, editions and
// payments. `sale_max_deliver` is the retry budget of the sales and payments consumers
// (CRM_DOCUMENTS_SALE_MAX_DELIVER), `package` what a sale gets with its invoice.
std::vector<common::bus::Subscription> Subscriptions(int sale_max_deliver,
                                                     std::vector<std::string> package);

}  // namespace crm::documents
