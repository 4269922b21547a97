#pragma once

#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/store/export_store.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/payment_store.h"

// Everything accounting emits: the topic is declared in crm/events/v1/accounting_topics.h
// (subject + payload type, docs/events.md). What it consumes is in events/handlers.h.
namespace crm::accounting {

// The 1C package `record` written for `document` ("documents/{document}").
crm::events::v1::ExportCompleted ExportCompletedEvent(const ExportRecord& record,
                                                      const std::string& document);

// An incoming `payment` imported, with the invoices it went to at once and what none took.
crm::events::v1::PaymentReceived PaymentReceivedEvent(
    const PaymentRecord& payment, const std::vector<AllocationRecord>& allocations,
    int64_t unallocated_kopecks);

// An accountant (`matched_by`) matched `payment` by hand: the shares this match `made`, and what
// no invoice has taken of the payment after it.
crm::events::v1::PaymentMatched PaymentMatchedEvent(const PaymentRecord& payment,
                                                    const std::vector<AllocationRecord>& made,
                                                    int64_t unallocated_kopecks,
                                                    const std::string& matched_by);

// An accountant (`unmatched_by`) undid the shares `undone` of `payment` (or accounting did, for
// an annulled invoice), leaving `unallocated_kopecks` of it on no invoice.
crm::events::v1::PaymentUnmatched PaymentUnmatchedEvent(const PaymentRecord& payment,
                                                        const std::vector<AllocationRecord>& undone,
                                                        int64_t unallocated_kopecks,
                                                        const std::string& unmatched_by);

// The outgoing payment `refund` returns the incoming payments of `shares` (seen from the refund),
// matched by `matched_by`.
crm::events::v1::PaymentRefunded PaymentRefundedEvent(const PaymentRecord& refund,
                                                      const std::vector<RefundShareRecord>& shares,
                                                      const std::string& matched_by);

// `undone_by` undid the refund's shares `undone`.
crm::events::v1::PaymentRefundUndone PaymentRefundUndoneEvent(
    const PaymentRecord& refund, const std::vector<RefundShareRecord>& undone,
    const std::string& undone_by);

// `invoice` paid in full by the payments `payment_ids`.
crm::events::v1::InvoicePaid InvoicePaidEvent(const InvoiceRecord& invoice,
                                              const std::vector<std::string>& payment_ids);

// `overdue.invoice`, due `overdue.days_overdue` days ago and not paid in full.
crm::events::v1::InvoiceOverdue InvoiceOverdueEvent(const OverdueInvoice& overdue);

}  // namespace crm::accounting
