#include "services/documents/domain/vat_invoice.h"

#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/ru/amount_in_words.h"
#include "common/ru/money.h"
#include "common/ru/vat.h"
#include "services/documents/domain/vat_form.h"

namespace crm::documents {
namespace {

constexpr char kRub[] = "RUB";

common::v1::Money Rubles(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code(kRub);
  money.set_minor_units(kopecks);
  return money;
}

}  // namespace

std::string VatInvoiceFileName(std::string_view number) {
  return "vat-invoice-" + std::string(number) + ".pdf";
}

std::string FormatAdvanceNumber(int year, int64_t sequence) {
  return "А-" + FormatDocumentNumber(year, sequence);
}

std::string AdvanceVatInvoiceFileName(int year, int64_t sequence) {
  return "advance-vat-invoice-" + FormatDocumentNumber(year, sequence) + ".pdf";
}

std::string EstimatedRateLabel(int32_t rate_bp) {
  if (rate_bp <= 0 || rate_bp % 100 != 0) {
    throw std::invalid_argument("an estimated rate needs a whole percent, got " +
                                std::to_string(rate_bp) + " bp");
  }
  const int32_t percent = rate_bp / 100;
  return std::to_string(percent) + "/" + std::to_string(100 + percent);
}

AdvanceVat AdvanceVatOf(int64_t amount_kopecks, std::chrono::year_month_day payment_date) {
  if (amount_kopecks <= 0) {
    throw std::invalid_argument("a prepayment must be positive");
  }
  const int32_t rate_bp = common::ru::StandardVatRateBp(payment_date);
  // amount × rate / (100 + rate) in basis points, rounded half-up; amounts are far below the
  // int64 range divided by a rate.
  const int64_t divisor = 10000 + static_cast<int64_t>(rate_bp);
  int64_t product = 0;
  if (__builtin_mul_overflow(amount_kopecks, static_cast<int64_t>(rate_bp), &product)) {
    throw std::invalid_argument("a prepayment too large to compute its VAT");
  }
  int64_t vat = product / divisor;
  if (2 * (product % divisor) >= divisor) {
    ++vat;
  }
  return {rate_bp, vat, amount_kopecks - vat};
}

DocumentDraft ComposeVatInvoice(const events::v1::DocumentIssued& act, const v1::Issuer& issuer,
                                std::chrono::year_month_day issue_date, int64_t sequence,
                                const std::string& document_name) {
  const std::string number = FormatDocumentNumber(static_cast<int>(issue_date.year()), sequence);
  DocumentDraft draft;
  draft.issued =
      DocumentFromInvoice(act, kVatInvoiceType, number, sequence, issue_date, document_name);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_file_name(VatInvoiceFileName(number));

  const std::string act_date = FormatDateRu(*common::api::CalendarDate(act.issue_date()));
  draft.view = VatFormView(issued, issuer, std::string(kFormDash) + " от " + kFormDash,
                           ShipmentDocumentLine(issued, act.number(), act_date));
  DocumentView& view = draft.view;
  view.rows = VatFormRows(issued);
  view.total_row = VatFormTotalRow(common::ru::FormatRubles(issued.net_amount().minor_units()),
                                   common::ru::FormatRubles(issued.vat_amount().minor_units()),
                                   common::ru::FormatRubles(issued.total_amount().minor_units()));
  return draft;
}

DocumentDraft ComposeAdvanceVatInvoice(const events::v1::DocumentIssued& invoice,
                                       const AdvancePayment& payment, const v1::Issuer& issuer,
                                       std::chrono::year_month_day issue_date, int64_t sequence,
                                       const std::string& document_name) {
  const int year = static_cast<int>(issue_date.year());
  const std::string number = FormatAdvanceNumber(year, sequence);
  const AdvanceVat vat = AdvanceVatOf(payment.amount_kopecks, payment.date);
  const std::string rate = EstimatedRateLabel(vat.rate_bp);
  const std::string description =
      "Предварительная оплата за участие в выставке «" + invoice.edition_display_name() + "»";

  DocumentDraft draft;
  draft.issued = DocumentFromInvoice(invoice, kAdvanceVatInvoiceType, number, sequence, issue_date,
                                     document_name);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.clear_lines();
  events::v1::DocumentLine& line = *issued.add_lines();
  line.set_description(description);
  *line.mutable_unit_price() = Rubles(0);
  *line.mutable_discount_amount() = Rubles(0);
  *line.mutable_net_amount() = Rubles(vat.net);
  line.set_vat_rate_bp(vat.rate_bp);
  *line.mutable_vat_amount() = Rubles(vat.vat);
  *line.mutable_total_amount() = Rubles(payment.amount_kopecks);
  *issued.mutable_net_amount() = Rubles(vat.net);
  issued.set_vat_rate_bp(vat.rate_bp);
  *issued.mutable_vat_amount() = Rubles(vat.vat);
  *issued.mutable_total_amount() = Rubles(payment.amount_kopecks);
  issued.set_total_in_words(common::ru::AmountInWords(payment.amount_kopecks));
  issued.set_file_name(AdvanceVatInvoiceFileName(year, sequence));

  // A payment order without a number (the bank left it out) still names its date.
  const std::string order = payment.number.empty() ? std::string(kFormDash) : payment.number;
  draft.view = VatFormView(issued, issuer, order + " от " + FormatDateRu(payment.date), kFormDash);
  DocumentView& view = draft.view;
  // Columns 2 to 6 and 10 to 13 are dashed on an advance VAT invoice (the rules of filling it
  // in, p. 4): no goods, quantity or price yet, only the money and the VAT it contains.
  std::vector<std::string> row = {"1",
                                  description,
                                  kFormDash,
                                  kFormDash,
                                  kFormDash,
                                  kFormDash,
                                  kFormDash,
                                  kFormDash,
                                  kFormDash,
                                  rate,
                                  common::ru::FormatRubles(vat.vat),
                                  common::ru::FormatRubles(payment.amount_kopecks)};
  AppendNotApplicable(row);
  view.rows.push_back(std::move(row));
  view.total_row = VatFormTotalRow(kFormDash, common::ru::FormatRubles(vat.vat),
                                   common::ru::FormatRubles(payment.amount_kopecks));
  return draft;
}

}  // namespace crm::documents
