#pragma once

#include "common/bus/topic.h"
#include "crm/events/v1/accounting_export_events.pb.h"
#include "crm/events/v1/accounting_payment_events.pb.h"

// Every event accounting publishes: its subject and payload (docs/events.md describes each).
namespace crm::events::v1 {

inline constexpr common::bus::Topic<ExportCompleted> kExportCompleted{
    "crm.accounting.export.completed"};
inline constexpr common::bus::Topic<PaymentReceived> kPaymentReceived{
    "crm.accounting.payment.received"};
inline constexpr common::bus::Topic<PaymentMatched> kPaymentMatched{
    "crm.accounting.payment.matched"};
inline constexpr common::bus::Topic<PaymentUnmatched> kPaymentUnmatched{
    "crm.accounting.payment.unmatched"};
inline constexpr common::bus::Topic<PaymentRefunded> kPaymentRefunded{
    "crm.accounting.payment.refunded"};
inline constexpr common::bus::Topic<PaymentRefundUndone> kPaymentRefundUndone{
    "crm.accounting.payment.refund_undone"};
inline constexpr common::bus::Topic<InvoicePaid> kInvoicePaid{"crm.accounting.invoice.paid"};
inline constexpr common::bus::Topic<InvoiceOverdue> kInvoiceOverdue{
    "crm.accounting.invoice.overdue"};

// The list of the topics above, for the AsyncAPI document (tools/asyncapi).
inline constexpr common::bus::TopicInfo kAccountingTopics[] = {
    InfoOf(kExportCompleted),  InfoOf(kPaymentReceived), InfoOf(kPaymentMatched),
    InfoOf(kPaymentUnmatched), InfoOf(kPaymentRefunded), InfoOf(kPaymentRefundUndone),
    InfoOf(kInvoicePaid),      InfoOf(kInvoiceOverdue)};

}  // namespace crm::events::v1
