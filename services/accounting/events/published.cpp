#include "services/accounting/events/published.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "common/db/money.h"

namespace crm::accounting {

crm::events::v1::ExportCompleted ExportCompletedEvent(const ExportRecord& record,
                                                      const std::string& document) {
  crm::events::v1::ExportCompleted completed;
  completed.set_export_(common::ResourceName("exports", record.id));
  completed.set_document(document);
  completed.set_operation(record.operation);
  completed.set_document_number(record.document_number);
  completed.set_file_name(record.file_name);
  completed.set_sha256(record.sha256);
  completed.set_size_bytes(record.size_bytes);
  return completed;
}

namespace {

// What payment.received, payment.matched and payment.unmatched say of the payment: the payment
// order and its payer.
template <class Event>
void SetPayment(const PaymentRecord& payment, Event& event) {
  const domain::StatementDocument& doc = payment.document;
  event.set_payment(common::ResourceName("payments", payment.id));
  event.set_number(doc.number);
  if (auto date = common::api::ParseIsoDate(doc.date)) {
    *event.mutable_date() = common::api::ProtoDate(*date);
  }
  *event.mutable_amount() = common::db::MoneyOf("RUB", doc.amount_kopecks);
  event.set_client_inn(doc.payer_inn);
  event.set_client_kpp(doc.payer_kpp);
  event.set_payer_name(doc.payer_name);
  event.set_purpose(doc.purpose);
}

// `allocations` as the invoice shares `shares`, their sales each once into `sales`.
void SetShares(const std::vector<AllocationRecord>& allocations,
               google::protobuf::RepeatedPtrField<crm::events::v1::PaymentInvoiceShare>& shares,
               google::protobuf::RepeatedPtrField<std::string>& sales) {
  for (const auto& allocation : allocations) {
    auto* share = shares.Add();
    share->set_document(common::ResourceName("documents", allocation.invoice_id));
    share->set_number(allocation.invoice_number);
    share->set_sale(allocation.sale);
    *share->mutable_amount() = common::db::MoneyOf("RUB", allocation.amount_kopecks);
    if (std::find(sales.begin(), sales.end(), allocation.sale) == sales.end()) {
      *sales.Add() = allocation.sale;
    }
  }
}

}  // namespace

crm::events::v1::PaymentReceived PaymentReceivedEvent(
    const PaymentRecord& payment, const std::vector<AllocationRecord>& allocations,
    int64_t unallocated_kopecks) {
  crm::events::v1::PaymentReceived received;
  SetPayment(payment, received);
  SetShares(allocations, *received.mutable_matched_invoices(), *received.mutable_sales());
  *received.mutable_unallocated() = common::db::MoneyOf("RUB", unallocated_kopecks);
  return received;
}

crm::events::v1::PaymentMatched PaymentMatchedEvent(const PaymentRecord& payment,
                                                    const std::vector<AllocationRecord>& made,
                                                    int64_t unallocated_kopecks,
                                                    const std::string& matched_by) {
  crm::events::v1::PaymentMatched matched;
  SetPayment(payment, matched);
  SetShares(made, *matched.mutable_matched_invoices(), *matched.mutable_sales());
  *matched.mutable_unallocated() = common::db::MoneyOf("RUB", unallocated_kopecks);
  matched.set_matched_by(matched_by);
  *matched.mutable_match_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return matched;
}

crm::events::v1::PaymentUnmatched PaymentUnmatchedEvent(const PaymentRecord& payment,
                                                        const std::vector<AllocationRecord>& undone,
                                                        int64_t unallocated_kopecks,
                                                        const std::string& unmatched_by) {
  crm::events::v1::PaymentUnmatched unmatched;
  SetPayment(payment, unmatched);
  SetShares(undone, *unmatched.mutable_unmatched_invoices(), *unmatched.mutable_sales());
  *unmatched.mutable_unallocated() = common::db::MoneyOf("RUB", unallocated_kopecks);
  unmatched.set_unmatched_by(unmatched_by);
  *unmatched.mutable_unmatch_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return unmatched;
}

namespace {

// What payment.refunded and payment.refund_undone say of the refund and the payments it returns.
void SetRefund(const PaymentRecord& refund, const std::vector<RefundShareRecord>& shares,
               crm::events::v1::RefundSnapshot& event) {
  const domain::StatementDocument& doc = refund.document;
  event.set_refund(common::ResourceName("payments", refund.id));
  event.set_number(doc.number);
  if (auto date = common::api::ParseIsoDate(doc.date)) {
    *event.mutable_date() = common::api::ProtoDate(*date);
  }
  *event.mutable_amount() = common::db::MoneyOf("RUB", doc.amount_kopecks);
  event.set_client_inn(doc.payee_inn);
  event.set_client_kpp(doc.payee_kpp);
  event.set_payee_name(doc.payee_name);
  event.set_purpose(doc.purpose);
  for (const RefundShareRecord& share : shares) {
    auto* out = event.add_refunded_payments();
    out->set_payment(common::ResourceName("payments", share.other_id));
    out->set_number(share.other_number);
    if (auto date = common::api::ParseIsoDate(share.other_date)) {
      *out->mutable_date() = common::api::ProtoDate(*date);
    }
    *out->mutable_amount() = common::db::MoneyOf("RUB", share.amount_kopecks);
  }
}

}  // namespace

crm::events::v1::PaymentRefunded PaymentRefundedEvent(const PaymentRecord& refund,
                                                      const std::vector<RefundShareRecord>& shares,
                                                      const std::string& matched_by) {
  crm::events::v1::PaymentRefunded refunded;
  SetRefund(refund, shares, *refunded.mutable_refund());
  refunded.set_matched_by(matched_by);
  *refunded.mutable_match_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return refunded;
}

crm::events::v1::PaymentRefundUndone PaymentRefundUndoneEvent(
    const PaymentRecord& refund, const std::vector<RefundShareRecord>& undone,
    const std::string& undone_by) {
  crm::events::v1::PaymentRefundUndone event;
  SetRefund(refund, undone, *event.mutable_refund());
  event.set_undone_by(undone_by);
  *event.mutable_undo_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return event;
}

namespace {

// What invoice.paid and invoice.overdue both say of the invoice: which it is, whose, its total and
// what was paid of it.
template <class Event>
void SetInvoice(const InvoiceRecord& invoice, Event& event) {
  event.set_document(common::ResourceName("documents", invoice.document_id));
  event.set_number(invoice.number);
  event.set_sale(invoice.sale);
  event.set_client(invoice.client);
  event.set_client_inn(invoice.client_inn);
  *event.mutable_total() = common::db::MoneyOf(invoice.currency_code, invoice.total_kopecks);
  *event.mutable_paid() = common::db::MoneyOf(invoice.currency_code, invoice.paid_kopecks);
}

}  // namespace

crm::events::v1::InvoicePaid InvoicePaidEvent(const InvoiceRecord& invoice,
                                              const std::vector<std::string>& payment_ids) {
  crm::events::v1::InvoicePaid paid;
  SetInvoice(invoice, paid);
  for (const auto& id : payment_ids) {
    paid.add_payments(common::ResourceName("payments", id));
  }
  return paid;
}

crm::events::v1::InvoiceOverdue InvoiceOverdueEvent(const OverdueInvoice& overdue) {
  const InvoiceRecord& invoice = overdue.invoice;
  crm::events::v1::InvoiceOverdue event;
  SetInvoice(invoice, event);
  if (!invoice.manager_id.empty()) {
    event.set_manager(common::ResourceName("employees", invoice.manager_id));
  }
  event.set_edition(invoice.edition);
  event.set_edition_display_name(invoice.edition_name);
  if (auto due = common::api::ParseIsoDate(invoice.payment_due_date)) {
    *event.mutable_payment_due_date() = common::api::ProtoDate(*due);
  }
  *event.mutable_outstanding() =
      common::db::MoneyOf(invoice.currency_code, invoice.total_kopecks - invoice.paid_kopecks);
  event.set_days_overdue(static_cast<int32_t>(overdue.days_overdue));
  return event;
}

}  // namespace crm::accounting
