#include "services/documents/events/published.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "services/documents/domain/vat_invoice.h"

namespace crm::documents {

events::v1::DocumentAnnulled DocumentAnnulledEvent(const std::string& document,
                                                   const std::string& type,
                                                   const std::string& number,
                                                   const events::v1::SaleCancelled& cancelled) {
  events::v1::DocumentAnnulled annulled;
  annulled.set_document(document);
  annulled.set_type(type);
  annulled.set_number(number);
  annulled.set_sale(cancelled.sale().sale());
  annulled.set_reason(cancelled.reason());
  annulled.set_annulled_by(cancelled.cancelled_by());
  *annulled.mutable_annul_time() = cancelled.cancel_time();
  return annulled;
}

events::v1::DocumentAnnulled AdvanceAnnulledEvent(
    const std::string& document, const std::string& number, const std::string& sale,
    const std::string& reason, const std::string& annulled_by, const std::string& annul_time) {
  events::v1::DocumentAnnulled annulled;
  annulled.set_document(document);
  annulled.set_type(kAdvanceVatInvoiceType);
  annulled.set_number(number);
  annulled.set_sale(sale);
  annulled.set_reason(reason);
  annulled.set_annulled_by(annulled_by);
  google::protobuf::util::TimeUtil::FromString(annul_time, annulled.mutable_annul_time());
  return annulled;
}

events::v1::AdvanceRefunded AdvanceRefundedEvent(const std::string& document,
                                                 const store::AdvanceRefundState& state,
                                                 const events::v1::RefundSnapshot& refund,
                                                 bool undone, const std::string& event_time) {
  const auto rubles = [](common::v1::Money* money, int64_t kopecks) {
    money->set_currency_code("RUB");
    money->set_minor_units(kopecks);
  };
  events::v1::AdvanceRefunded out;
  out.set_document(document);
  out.set_number(state.number);
  out.set_sale(common::ResourceName("sales", state.sale_id));
  out.set_payment(state.payment);
  out.set_refund(refund.refund());
  out.set_refund_number(refund.number());
  *out.mutable_refund_date() = refund.date();
  rubles(out.mutable_amount(), state.amount);
  rubles(out.mutable_vat_amount(), state.vat_amount);
  rubles(out.mutable_refunded_total(), state.refunded_total);
  rubles(out.mutable_deductible_vat_total(), state.vat_total);
  out.set_undone(undone);
  google::protobuf::util::TimeUtil::FromString(event_time, out.mutable_event_time());
  return out;
}

namespace {

// What document.sent and document.signed say of the document itself.
template <class Event>
void SetDocument(const v1::Document& document, Event& event) {
  event.set_document(document.name());
  event.set_type(common::api::EnumText<v1::DocumentType>::Of(document.type()));
  event.set_number(document.number());
  event.set_sale(document.sale());
}

}  // namespace

events::v1::DocumentSent DocumentSentEvent(const v1::Document& document) {
  events::v1::DocumentSent sent;
  SetDocument(document, sent);
  sent.set_channel(common::api::EnumText<v1::DeliveryChannel>::Of(document.sent().channel()));
  sent.set_recipient(document.sent().recipient());
  sent.set_sent_by(document.sent().sent_by());
  *sent.mutable_send_time() = document.sent().send_time();
  return sent;
}

events::v1::DocumentSigned DocumentSignedEvent(const v1::Document& document) {
  events::v1::DocumentSigned signed_event;
  SetDocument(document, signed_event);
  const v1::DocumentSignature& signature = document.signed_();
  signed_event.set_counterparty_signatory(signature.counterparty_signatory());
  *signed_event.mutable_signed_date() = signature.signed_date();
  signed_event.set_recorded_by(signature.recorded_by());
  *signed_event.mutable_record_time() = signature.record_time();
  signed_event.set_scan(signature.scan());
  return signed_event;
}

}  // namespace crm::documents
