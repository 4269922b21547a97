#include "services/documents/app/advance_invoicing.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "crm/events/v1/documents_topics.h"
#include "services/documents/app/issue_document.h"
#include "services/documents/domain/vat_invoice.h"
#include "services/documents/events/published.h"
#include "services/documents/store/advance_store.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {
namespace {

using common::bus::PoisonEvent;

// Who undoes a match when the invoice it stood on is annulled (payment.unmatched's
// `unmatched_by`), rather than an accountant.
constexpr char kAccountingService[] = "services/accounting";

// The amount a payment brought one sale: its shares of the sale's invoices added up.
struct SaleShare {
  std::string sale_id;
  int64_t amount_kopecks = 0;
};

// The payment's sales in the order the shares name them, every share checked first, so that a
// malformed event is refused before any number is taken.
std::vector<SaleShare> SharesBySale(const events::v1::PaymentReceived& payment) {
  std::vector<SaleShare> sales;
  for (int i = 0; i < payment.matched_invoices_size(); ++i) {
    const events::v1::PaymentInvoiceShare& share = payment.matched_invoices(i);
    const std::string path = "matched_invoices[" + std::to_string(i) + "]";
    const std::optional<std::string> sale_id = common::ParseResourceId(share.sale(), "sales");
    if (!sale_id) {
      throw PoisonEvent(path + ".sale \"" + share.sale() + "\" is not a sales/{uuid} name");
    }
    if (!share.has_amount() || share.amount().currency_code() != "RUB" ||
        share.amount().minor_units() <= 0) {
      throw PoisonEvent(path + ".amount must be a positive amount in RUB");
    }
    auto same = std::find_if(sales.begin(), sales.end(),
                             [&](const SaleShare& s) { return s.sale_id == *sale_id; });
    if (same == sales.end()) {
      sales.push_back({*sale_id, 0});
      same = std::prev(sales.end());
    }
    if (__builtin_add_overflow(same->amount_kopecks, share.amount().minor_units(),
                               &same->amount_kopecks)) {
      throw PoisonEvent(path + ".amount overflows the sale's total");
    }
  }
  return sales;
}

void LogSkipped(const char* what, const events::v1::PaymentReceived& payment,
                const std::string& sale_id, const std::string& event_id) {
  common::log::Info(what, {{"payment", payment.payment()},
                           {"sale", common::ResourceName("sales", sale_id)},
                           {"event_id", event_id}});
}

}  // namespace

void IssueAdvanceVatInvoices(pqxx::work& tx, const events::v1::PaymentReceived& payment,
                             const std::string& event_id,
                             const std::optional<std::string>& match_time) {
  if (!common::ParseResourceId(payment.payment(), "payments")) {
    throw PoisonEvent("PaymentReceived.payment \"" + payment.payment() +
                      "\" is not a payments/{uuid} name");
  }
  const std::optional<std::chrono::year_month_day> date =
      payment.has_date() ? common::api::CalendarDate(payment.date()) : std::nullopt;
  if (!date) {
    throw PoisonEvent("PaymentReceived " + payment.payment() + " has no calendar date");
  }
  const std::vector<SaleShare> sales = SharesBySale(payment);
  if (sales.empty()) {
    common::log::Info("payment matched to no invoice; no advance VAT invoice",
                      {{"payment", payment.payment()}, {"event_id", event_id}});
    return;
  }
  const AdvancePayment paid_on{payment.payment(), payment.number(), *date, 0};
  for (const SaleShare& share : sales) {
    store::LockSale(tx, share.sale_id);
    if (match_time && store::MatchSuperseded(tx, payment.payment(), share.sale_id, *match_time)) {
      LogSkipped("the payment's match was undone since; no advance VAT invoice", payment,
                 share.sale_id, event_id);
      continue;
    }
    const std::optional<store::AdvanceBasis> basis =
        store::FindAdvanceBasis(tx, share.sale_id, payment.payment(), event_id);
    if (!basis) {
      throw common::PreconditionError("NO_INVOICE", "sale " + share.sale_id +
                                                        " has no invoice yet; its prepayment's "
                                                        "advance VAT invoice waits");
    }
    if (basis->advance_id) {
      if (match_time) {
        store::ClearRelease(tx, payment.payment(), share.sale_id, *match_time);
      }
      LogSkipped("payment already has its advance VAT invoice; event ignored", payment,
                 share.sale_id, event_id);
      continue;
    }
    if (basis->has_act) {
      LogSkipped("sale already closed by its act; no advance VAT invoice", payment, share.sale_id,
                 event_id);
      continue;
    }
    events::v1::DocumentIssued invoice;
    common::bus::FromJson(basis->invoice_snapshot, &invoice);
    const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, basis->issuer_id);
    if (!issuer) {
      throw std::runtime_error("issuer " + basis->issuer_id + " of an invoice is gone");
    }
    DocumentOrigin origin;
    origin.issuer_id = basis->issuer_id;
    origin.doc_type = kAdvanceVatInvoiceType;
    origin.sale_id = share.sale_id;
    origin.manager = basis->manager;
    origin.edition = basis->edition;
    origin.sale_as_of = basis->sale_as_of;
    origin.event_id = event_id;
    origin.from_event = true;
    origin.payment = payment.payment();
    AdvancePayment paid = paid_on;
    paid.amount_kopecks = share.amount_kopecks;
    std::chrono::year_month_day issued_on = *date;
    const std::string document =
        IssueDocument(tx, origin, *date,
                      [&](std::chrono::year_month_day issue_date, int64_t sequence,
                          const std::string& document_name) {
                        issued_on = issue_date;
                        return ComposeAdvanceVatInvoice(invoice, paid, issuer->issuer, issue_date,
                                                        sequence, document_name);
                      });
    // Late when either the printed date or the day it is actually made is past the deadline.
    const std::chrono::sys_days deadline =
        std::chrono::sys_days{*date} + std::chrono::days{kAdvanceVatInvoiceDays};
    const std::chrono::year_month_day today =
        common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime());
    if (std::chrono::sys_days{issued_on} > deadline || std::chrono::sys_days{today} > deadline) {
      common::log::Warn("advance VAT invoice issued more than 5 days after the payment",
                        {{"document", document},
                         {"payment", payment.payment()},
                         {"payment_date", common::api::IsoDate(*date)},
                         {"issue_date", common::api::IsoDate(issued_on)},
                         {"today", common::api::IsoDate(today)}});
    }
  }
}

void FollowUnmatchedPayment(pqxx::work& tx, const events::v1::PaymentUnmatched& unmatched,
                            const std::string& event_id, const std::string& unmatch_time) {
  if (!common::ParseResourceId(unmatched.payment(), "payments")) {
    throw PoisonEvent("PaymentUnmatched.payment \"" + unmatched.payment() +
                      "\" is not a payments/{uuid} name");
  }
  // Shares of the undone match: only their sales matter, so any positive amount will do.
  events::v1::PaymentReceived as_shares;
  as_shares.set_payment(unmatched.payment());
  *as_shares.mutable_matched_invoices() = unmatched.unmatched_invoices();
  const bool released = unmatched.unmatched_by() == kAccountingService;
  for (const SaleShare& share : SharesBySale(as_shares)) {
    store::LockSale(tx, share.sale_id);
    if (!store::RecordUnmatch(tx, unmatched.payment(), share.sale_id, unmatch_time, released)) {
      common::log::Info("a later undoing of the payment's match is known; event ignored",
                        {{"payment", unmatched.payment()},
                         {"sale", common::ResourceName("sales", share.sale_id)},
                         {"event_id", event_id}});
      continue;
    }
    if (released) {
      continue;  // a real prepayment of a cancelled sale: its advance VAT invoice stays
    }
    const std::optional<store::AdvanceInForce> advance =
        store::LockAdvanceInForce(tx, unmatched.payment(), share.sale_id);
    if (!advance) {
      continue;  // none was issued (the sale was closed, or the match was never handled)
    }
    const std::string reason = "сопоставление платежа № " + unmatched.number() +
                               " со счётом отменено: счёт-фактура на аванс выставлен ошибочно";
    store::MarkAnnulled(tx, advance->id, reason, unmatch_time);
    const std::string name = common::ResourceName("documents", advance->id);
    common::bus::EnqueueEvent(
        tx, events::v1::kDocumentAnnulled, name,
        AdvanceAnnulledEvent(name, advance->number, common::ResourceName("sales", share.sale_id),
                             reason, unmatched.unmatched_by(), unmatch_time));
    common::log::Info(
        "advance VAT invoice annulled: its payment's match was undone",
        {{"document", name}, {"payment", unmatched.payment()}, {"event_id", event_id}});
  }
}

void RecordAdvanceRefund(pqxx::work& tx, const events::v1::RefundSnapshot& refund, bool undone,
                         const std::string& event_id, const std::string& event_time) {
  if (!common::ParseResourceId(refund.refund(), "payments")) {
    throw PoisonEvent("refund.refund \"" + refund.refund() + "\" is not a payments/{uuid} name");
  }
  const std::optional<std::chrono::year_month_day> date =
      refund.has_date() ? common::api::CalendarDate(refund.date()) : std::nullopt;
  if (!date) {
    throw PoisonEvent("refund " + refund.refund() + " has no calendar date");
  }
  std::vector<store::RefundShare> shares;
  for (int i = 0; i < refund.refunded_payments_size(); ++i) {
    const events::v1::PaymentRefundedShare& share = refund.refunded_payments(i);
    const std::string path = "refund.refunded_payments[" + std::to_string(i) + "]";
    if (!common::ParseResourceId(share.payment(), "payments")) {
      throw PoisonEvent(path + ".payment \"" + share.payment() +
                        "\" is not a payments/{uuid} name");
    }
    if (!share.has_amount() || share.amount().currency_code() != "RUB" ||
        share.amount().minor_units() <= 0) {
      throw PoisonEvent(path + ".amount must be a positive amount in RUB");
    }
    shares.push_back({refund.refund(), share.payment(), refund.number(),
                      common::api::IsoDate(*date), share.amount().minor_units(), undone,
                      event_time});
  }
  for (const store::RefundShare& share : shares) {
    if (!store::RecordRefundShare(tx, share)) {
      common::log::Info(
          "a later state of the refund is known; event ignored",
          {{"refund", refund.refund()}, {"payment", share.payment}, {"event_id", event_id}});
      continue;
    }
    const std::vector<std::string> cleared =
        store::ClearAdvanceRefunds(tx, refund.refund(), share.payment);
    std::set<std::string> touched(cleared.begin(), cleared.end());
    int64_t left = undone ? 0 : share.amount_kopecks;
    for (const store::AdvanceRoom& room : store::LockAdvanceRoom(tx, share.payment)) {
      if (left == 0) {
        break;
      }
      const int64_t taken = std::min(left, room.room_kopecks);
      if (taken <= 0) {
        continue;
      }
      store::InsertAdvanceRefund(tx, refund.refund(), share.payment, room.id, taken,
                                 VatContainedIn(taken, room.vat_rate_bp).vat);
      touched.insert(room.id);
      left -= taken;
    }
    for (const std::string& id : touched) {
      const store::AdvanceRefundState state =
          store::ReadAdvanceRefundState(tx, id, refund.refund());
      const std::string name = common::ResourceName("documents", id);
      common::bus::EnqueueEvent(tx, events::v1::kDocumentAdvanceRefunded, name,
                                AdvanceRefundedEvent(name, state, refund, undone, event_time));
    }
    common::log::Info(undone ? "refund undone against advance VAT invoices"
                             : "refund recorded against advance VAT invoices",
                      {{"refund", refund.refund()},
                       {"payment", share.payment},
                       {"invoices", touched.size()},
                       {"not_on_an_advance_kopecks", left},
                       {"event_id", event_id}});
  }
}

}  // namespace crm::documents::app
