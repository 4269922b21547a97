#include "services/documents/domain/vat_invoice.h"

#include <algorithm>
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
  return VatContainedIn(amount_kopecks, common::ru::StandardVatRateBp(payment_date));
}

AdvanceVat VatContainedIn(int64_t amount_kopecks, int32_t rate_bp) {
  if (amount_kopecks <= 0) {
    throw std::invalid_argument("a prepayment must be positive");
  }
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

namespace {

constexpr char kCorrectiveFormNote[] =
    "Приложение № 2 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. "
    "№ 1137 (в редакции постановления Правительства Российской Федерации от 2 апреля 2021 г. "
    "№ 534)";

// Appendix 2's columns: the line's name and kind code, the row's letter (А до изменения, Б после
// изменения, В увеличение, Г уменьшение), then the amounts as in Appendix 1 and the traceability
// columns, dashed for services.
std::vector<TableColumn> CorrectiveColumns() {
  const TextAlign left = TextAlign::kLeft;
  const TextAlign centre = TextAlign::kCenter;
  const TextAlign right = TextAlign::kRight;
  return {
      {"Наименование товара (описание выполненных работ, оказанных услуг), имущественного права",
       "", "1", 0, left},
      {"Код вида товара", "", "1а", 28, centre},
      {"Строка", "", "", 84, left},
      {"код", "Единица измерения", "2", 24, centre},
      {"условное обозначение (национальное)", "Единица измерения", "2а", 40, centre},
      {"Количество (объём)", "", "3", 38, right},
      {"Цена (тариф) за единицу измерения", "", "4", 46, right},
      {"Стоимость товаров (работ, услуг), имущественных прав без налога — всего", "", "5", 56,
       right},
      {"В том числе сумма акциза", "", "6", 34, centre},
      {"Налоговая ставка", "", "7", 32, centre},
      {"Сумма налога", "", "8", 50, right},
      {"Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", "", "9", 56,
       right},
      {"Регистрационный номер партии товара, подлежащего прослеживаемости", "", "10", 50, centre},
      {"код",
       "Количественная единица измерения товара, используемая в целях осуществления "
       "прослеживаемости",
       "11", 24, centre},
      {"условное обозначение",
       "Количественная единица измерения товара, используемая в целях осуществления "
       "прослеживаемости",
       "11а", 36, centre},
      {"Количество товара, подлежащего прослеживаемости", "", "12", 44, centre},
      {"Стоимость товара, подлежащего прослеживаемости, без налога на добавленную стоимость", "",
       "13", 48, centre},
  };
}

// A line's figures on one side of the change (all zero when the line is not on that side).
struct LineState {
  const events::v1::DocumentLine* line = nullptr;
  int64_t quantity_milli = 0, net = 0, vat = 0, total = 0;
};

LineState StateOf(const events::v1::DocumentLine* line) {
  if (line == nullptr) {
    return {};
  }
  return {line, line->quantity_milli(), line->net_amount().minor_units(),
          line->vat_amount().minor_units(), line->total_amount().minor_units()};
}

// Column 4: the price the amount was reached at (after a discount, the net per unit).
std::string PriceOf(const LineState& state) {
  if (state.line == nullptr || state.quantity_milli <= 0) {
    return kFormDash;
  }
  return common::ru::FormatRubles((state.net * 1000 + state.quantity_milli / 2) /
                                  state.quantity_milli);
}

std::string Rubles(int64_t kopecks, bool shown) {
  return shown ? common::ru::FormatRubles(kopecks) : std::string(kFormDash);
}

struct Totals {
  int64_t net = 0, vat = 0, total = 0;
};

// The four rows of one line (А, Б, В, Г); adds the line's increase and decrease to the totals.
void AppendCorrectiveRows(DocumentView& view, const LineState& before, const LineState& after,
                          Totals& increase, Totals& decrease) {
  const events::v1::DocumentLine& any = after.line != nullptr ? *after.line : *before.line;
  const std::string unit = any.unit();
  const bool had = before.line != nullptr;
  const bool has = after.line != nullptr;
  const std::string rate = PercentLabel(any.vat_rate_bp());
  const auto row = [&](std::string name, std::string letter, std::string quantity,
                       std::string price, std::string net, std::string excise, std::string vat,
                       std::string total) {
    std::vector<std::string> cells = {
        std::move(name),     kFormDash,        std::move(letter), OkeiCode(unit),    unit,
        std::move(quantity), std::move(price), std::move(net),    std::move(excise), rate,
        std::move(vat),      std::move(total)};
    for (int i = 0; i < 5; ++i) {
      cells.emplace_back(kFormDash);
    }
    view.rows.push_back(std::move(cells));
  };
  // The name as the corrected document printed it (the stand's says its old area).
  const std::string& name = had ? before.line->description() : after.line->description();
  row(name, "А (до изменения)", had ? common::ru::FormatQuantity(before.quantity_milli) : kFormDash,
      PriceOf(before), Rubles(before.net, had), "без акциза", Rubles(before.vat, had),
      Rubles(before.total, had));
  row("", "Б (после изменения)", has ? common::ru::FormatQuantity(after.quantity_milli) : kFormDash,
      PriceOf(after), Rubles(after.net, has), "без акциза", Rubles(after.vat, has),
      Rubles(after.total, has));
  const auto difference = [&](int sign, const char* letter, Totals& sum) {
    const int64_t quantity = sign * (after.quantity_milli - before.quantity_milli);
    const int64_t net = sign * (after.net - before.net);
    const int64_t vat = sign * (after.vat - before.vat);
    const int64_t total = sign * (after.total - before.total);
    sum.net += std::max<int64_t>(net, 0);
    sum.vat += std::max<int64_t>(vat, 0);
    sum.total += std::max<int64_t>(total, 0);
    row("", letter, quantity > 0 ? common::ru::FormatQuantity(quantity) : kFormDash, kFormDash,
        Rubles(net, net > 0), "Х", Rubles(vat, vat > 0), Rubles(total, total > 0));
  };
  difference(1, "В (увеличение)", increase);
  difference(-1, "Г (уменьшение)", decrease);
}

// A closing row: the label across the first seven columns, then columns 5 to 9.
TableTotalView TotalRow(const char* label, const Totals& totals) {
  return {label,
          7,
          {Rubles(totals.net, totals.net > 0), "Х", "Х", Rubles(totals.vat, totals.vat > 0),
           Rubles(totals.total, totals.total > 0)}};
}

}  // namespace

bool AmountsDiffer(const events::v1::DocumentIssued& before,
                   const events::v1::DocumentIssued& after) {
  if (before.total_amount().minor_units() != after.total_amount().minor_units() ||
      before.lines_size() != after.lines_size()) {
    return true;
  }
  for (int i = 0; i < before.lines_size(); ++i) {
    const events::v1::DocumentLine& a = before.lines(i);
    const events::v1::DocumentLine& b = after.lines(i);
    if (a.quantity_milli() != b.quantity_milli() ||
        a.net_amount().minor_units() != b.net_amount().minor_units() ||
        a.vat_amount().minor_units() != b.vat_amount().minor_units() ||
        (i > 0 && a.description() != b.description())) {
      return true;
    }
  }
  return false;
}

std::string CorrectiveVatInvoiceFileName(std::string_view number) {
  return "corrective-vat-invoice-" + std::string(number) + ".pdf";
}

DocumentDraft ComposeCorrectiveVatInvoice(const events::v1::DocumentIssued& vat_invoice,
                                          const events::v1::DocumentIssued& before,
                                          const events::v1::DocumentIssued& after,
                                          const v1::Issuer& issuer,
                                          std::chrono::year_month_day issue_date, int64_t sequence,
                                          const std::string& document_name) {
  if (!AmountsDiffer(before, after)) {
    throw std::invalid_argument("nothing to correct: the amounts and lines did not change");
  }
  const std::string number = FormatDocumentNumber(static_cast<int>(issue_date.year()), sequence);
  DocumentDraft draft;
  draft.issued = DocumentFromInvoice(after, kCorrectiveVatInvoiceType, number, sequence, issue_date,
                                     document_name);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_file_name(CorrectiveVatInvoiceFileName(number));
  issued.set_corrects(vat_invoice.document());

  // Shares FormView's parties, currency and signatures; the header lines are Appendix 2's.
  DocumentView& view = draft.view = VatFormView(issued, issuer, "", "");
  view.title = "Корректировочный счёт-фактура";
  view.form_note = kCorrectiveFormNote;
  const events::v1::IssuerSnapshot& seller = issued.issuer();
  const events::v1::ClientSnapshot& buyer = issued.client();
  view.form_lines = {
      {"к счёту-фактуре №",
       vat_invoice.number() + " от " +
           FormatDateRu(*common::api::CalendarDate(vat_invoice.issue_date())) +
           ", с учётом исправления № " + kFormDash + " от " + kFormDash,
       "(1а)"},
      {"Исправление корректировочного счёта-фактуры №", std::string(kFormDash) + " от " + kFormDash,
       "(1б)"},
      {"Продавец:", seller.legal_name(), "(2)"},
      {"Адрес:", seller.address(), "(2а)"},
      {"ИНН/КПП продавца:", InnKpp(seller.inn(), seller.kpp()), "(2б)"},
      {"Покупатель:", buyer.legal_name(), "(3)"},
      {"Адрес:", buyer.legal_address().empty() ? std::string(kFormDash) : buyer.legal_address(),
       "(3а)"},
      {"ИНН/КПП покупателя:", InnKpp(buyer.inn(), buyer.kpp()), "(3б)"},
      {"Валюта: наименование, код", "Российский рубль, 643", "(4)"},
      {"Идентификатор государственного контракта, договора (соглашения) (при наличии):", kFormDash,
       "(5)"},
  };
  view.columns = CorrectiveColumns();

  // Pairs of lines: the stand by position, services by description.
  std::vector<bool> matched(static_cast<std::size_t>(after.lines_size()), false);
  Totals increase, decrease;
  for (int i = 0; i < before.lines_size(); ++i) {
    const events::v1::DocumentLine& old_line = before.lines(i);
    const events::v1::DocumentLine* new_line = nullptr;
    for (int j = 0; j < after.lines_size() && new_line == nullptr; ++j) {
      if (!matched[static_cast<std::size_t>(j)] &&
          ((i == 0 && j == 0) ||
           (i > 0 && j > 0 && after.lines(j).description() == old_line.description()))) {
        matched[static_cast<std::size_t>(j)] = true;
        new_line = &after.lines(j);
      }
    }
    AppendCorrectiveRows(view, StateOf(&old_line), StateOf(new_line), increase, decrease);
  }
  for (int j = 0; j < after.lines_size(); ++j) {
    if (!matched[static_cast<std::size_t>(j)]) {
      AppendCorrectiveRows(view, StateOf(nullptr), StateOf(&after.lines(j)), increase, decrease);
    }
  }
  view.total_row = TotalRow("Всего увеличение (сумма строк В)", increase);
  view.more_total_rows = {TotalRow("Всего уменьшение (сумма строк Г)", decrease)};
  return draft;
}

}  // namespace crm::documents
