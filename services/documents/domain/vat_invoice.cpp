#include "services/documents/domain/vat_invoice.h"

#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/ru/amount_in_words.h"
#include "common/ru/money.h"
#include "common/ru/vat.h"

namespace crm::documents {
namespace {

constexpr char kDash[] = "—";
constexpr char kRub[] = "RUB";
constexpr char kTitle[] = "Счёт-фактура";
constexpr char kFormNote[] =
    "Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. "
    "№ 1137 (в редакции постановления Правительства Российской Федерации от 2 апреля 2021 г. "
    "№ 534)";
// Columns 1 to 4 carry the total row's label "Всего к оплате (9)".
constexpr std::size_t kTotalLabelSpan = 7;

common::v1::Money Rubles(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code(kRub);
  money.set_minor_units(kopecks);
  return money;
}

// The form's columns 1 to 13 on a landscape page; column 1а takes what the others leave.
std::vector<TableColumn> FormColumns() {
  const TextAlign left = TextAlign::kLeft;
  const TextAlign centre = TextAlign::kCenter;
  const TextAlign right = TextAlign::kRight;
  return {
      {"№ п/п", "", "1", 18, centre},
      {"Наименование товара (описание выполненных работ, оказанных услуг), имущественного права",
       "", "1а", 0, left},
      {"Код вида товара", "", "1б", 28, centre},
      {"код", "Единица измерения", "2", 24, centre},
      {"условное обозначение (национальное)", "Единица измерения", "2а", 46, centre},
      {"Количество (объём)", "", "3", 38, right},
      {"Цена (тариф) за единицу измерения", "", "4", 46, right},
      {"Стоимость товаров (работ, услуг), имущественных прав без налога — всего", "", "5", 56,
       right},
      {"В том числе сумма акциза", "", "6", 36, centre},
      {"Налоговая ставка", "", "7", 34, centre},
      {"Сумма налога, предъявляемая покупателю", "", "8", 50, right},
      {"Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", "", "9", 56,
       right},
      {"цифровой код", "Страна происхождения товара", "10", 34, centre},
      {"краткое наименование", "Страна происхождения товара", "10а", 44, centre},
      {"Регистрационный номер декларации на товары или регистрационный номер партии товара, "
       "подлежащего прослеживаемости",
       "", "11", 58, centre},
      {"код",
       "Количественная единица измерения товара, используемая в целях осуществления "
       "прослеживаемости",
       "12", 24, centre},
      {"условное обозначение",
       "Количественная единица измерения товара, используемая в целях осуществления "
       "прослеживаемости",
       "12а", 40, centre},
      {"Количество товара, подлежащего прослеживаемости, в количественной единице измерения "
       "товара, используемой в целях осуществления прослеживаемости",
       "", "13", 58, centre},
  };
}

// The unit's code in the all-Russian classifier of units (ОКЕИ); a dash for one without.
std::string OkeiCode(std::string_view unit) {
  const std::optional<OkeiUnit> okei = OkeiOf(unit);
  return okei ? std::string(okei->code) : std::string(kDash);
}

std::string InnKpp(std::string_view inn, std::string_view kpp) {
  return std::string(inn) + "/" + (kpp.empty() ? std::string(kDash) : std::string(kpp));
}

std::string PercentLabel(int32_t rate_bp) {
  // VatLabel's "НДС 22%" without "НДС ".
  return VatLabel(rate_bp).substr(std::string_view("НДС ").size());
}

// The cells of a row after column 9: country, declaration, traceability — none for services.
void AppendNotApplicable(std::vector<std::string>& row) {
  for (int i = 0; i < 6; ++i) {
    row.emplace_back(kDash);
  }
}

// What both VAT invoices print around their table: the note, the numbered header lines 1 to 8
// (dashes for what does not apply to services), the signatures.
DocumentView FormView(const events::v1::DocumentIssued& document, const v1::Issuer& issuer,
                      std::string payment_document, std::string shipment_document) {
  DocumentView view;
  view.title = kTitle;
  view.title_code = "(1)";
  view.number = document.number();
  view.issue_date = FormatDateRu(*common::api::CalendarDate(document.issue_date()));
  view.orientation = PageOrientation::kLandscape;
  view.form_note = kFormNote;
  view.bank_block = false;
  view.supplier = PartyOf(document.issuer());
  view.buyer = PartyOf(document.client());
  const events::v1::IssuerSnapshot& seller = document.issuer();
  const events::v1::ClientSnapshot& buyer = document.client();
  view.form_lines = {
      {"Исправление №", std::string(kDash) + " от " + kDash, "(1а)"},
      {"Продавец:", seller.legal_name(), "(2)"},
      {"Адрес:", seller.address(), "(2а)"},
      {"ИНН/КПП продавца:", InnKpp(seller.inn(), seller.kpp()), "(2б)"},
      {"Грузоотправитель и его адрес:", kDash, "(3)"},
      {"Грузополучатель и его адрес:", kDash, "(4)"},
      {"К платёжно-расчётному документу №", std::move(payment_document), "(5)"},
      {"Документ об отгрузке № п/п", std::move(shipment_document), "(5а)"},
      {"Покупатель:", buyer.legal_name(), "(6)"},
      {"Адрес:", buyer.legal_address().empty() ? std::string(kDash) : buyer.legal_address(),
       "(6а)"},
      {"ИНН/КПП покупателя:", InnKpp(buyer.inn(), buyer.kpp()), "(6б)"},
      {"Валюта: наименование, код", "Российский рубль, 643", "(7)"},
      {"Идентификатор государственного контракта, договора (соглашения) (при наличии):", kDash,
       "(8)"},
  };
  view.columns = FormColumns();
  view.table_text_size = 6.5;
  view.net_total.clear();
  view.count_label.clear();
  view.signatures = {{"Руководитель организации или иное уполномоченное лицо", issuer.director()},
                     {"Главный бухгалтер или иное уполномоченное лицо", issuer.chief_accountant()}};
  view.after_signatures = {
      "Индивидуальный предприниматель или иное уполномоченное лицо: — (подпись), — (ф.и.о.), — "
      "(реквизиты свидетельства о государственной регистрации индивидуального "
      "предпринимателя)"};
  return view;
}

// What the sale's invoice (or its act) says about both parties, the edition and the lines, as a
// new document's start.
events::v1::DocumentIssued FromInvoice(const events::v1::DocumentIssued& invoice, const char* type,
                                       const std::string& number, int64_t sequence,
                                       std::chrono::year_month_day issue_date,
                                       const std::string& document_name) {
  events::v1::DocumentIssued document = invoice;
  document.set_document(document_name);
  document.set_type(type);
  document.set_number(number);
  document.set_sequence_number(sequence);
  *document.mutable_issue_date() = common::api::ProtoDate(issue_date);
  document.clear_sha256();
  document.clear_replaces();
  document.clear_payment_due_date();  // a VAT invoice is not paid: its invoice is
  return document;
}

}  // namespace

std::optional<OkeiUnit> OkeiOf(std::string_view unit) {
  if (unit == kSquareMetreUnit) {
    return OkeiUnit{"055", "м2"};
  }
  if (unit == "шт." || unit == "шт") {
    return OkeiUnit{"796", "шт"};
  }
  if (unit == "ч" || unit == "ч." || unit == "час") {
    return OkeiUnit{"356", "ч"};
  }
  return std::nullopt;
}

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
  draft.issued = FromInvoice(act, kVatInvoiceType, number, sequence, issue_date, document_name);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_file_name(VatInvoiceFileName(number));

  const std::string act_date = FormatDateRu(*common::api::CalendarDate(act.issue_date()));
  const int lines = issued.lines_size();
  const std::string rows = lines == 1 ? "1" : "1–" + std::to_string(lines);
  draft.view = FormView(issued, issuer, std::string(kDash) + " от " + kDash,
                        rows + " № " + act.number() + " от " + act_date);
  DocumentView& view = draft.view;
  const std::vector<DocumentLineView> printed = LineViews(issued);
  for (int i = 0; i < lines; ++i) {
    const events::v1::DocumentLine& line = issued.lines(i);
    const DocumentLineView& text = printed[static_cast<std::size_t>(i)];
    // Column 4 is the price the amount was reached at: after a discount, the net per unit.
    std::string price = text.price;
    if (line.discount_amount().minor_units() > 0 && line.quantity_milli() > 0) {
      price = common::ru::FormatRubles(
          (line.net_amount().minor_units() * 1000 + line.quantity_milli() / 2) /
          line.quantity_milli());
    }
    std::vector<std::string> row = {std::to_string(i + 1),
                                    text.description,
                                    kDash,
                                    OkeiCode(line.unit()),
                                    line.unit(),
                                    text.quantity,
                                    price,
                                    text.amount,
                                    "без акциза",
                                    PercentLabel(line.vat_rate_bp()),
                                    common::ru::FormatRubles(line.vat_amount().minor_units()),
                                    common::ru::FormatRubles(line.total_amount().minor_units())};
    AppendNotApplicable(row);
    view.rows.push_back(std::move(row));
  }
  view.total_row = {"Всего к оплате (9)",
                    kTotalLabelSpan,
                    {common::ru::FormatRubles(issued.net_amount().minor_units()), "Х", "Х",
                     common::ru::FormatRubles(issued.vat_amount().minor_units()),
                     common::ru::FormatRubles(issued.total_amount().minor_units())}};
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
  draft.issued =
      FromInvoice(invoice, kAdvanceVatInvoiceType, number, sequence, issue_date, document_name);
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
  const std::string order = payment.number.empty() ? std::string(kDash) : payment.number;
  draft.view = FormView(issued, issuer, order + " от " + FormatDateRu(payment.date), kDash);
  DocumentView& view = draft.view;
  // Columns 2 to 6 and 10 to 13 are dashed on an advance VAT invoice (the rules of filling it
  // in, p. 4): no goods, quantity or price yet, only the money and the VAT it contains.
  std::vector<std::string> row = {"1",
                                  description,
                                  kDash,
                                  kDash,
                                  kDash,
                                  kDash,
                                  kDash,
                                  kDash,
                                  kDash,
                                  rate,
                                  common::ru::FormatRubles(vat.vat),
                                  common::ru::FormatRubles(payment.amount_kopecks)};
  AppendNotApplicable(row);
  view.rows.push_back(std::move(row));
  view.total_row = {"Всего к оплате (9)",
                    kTotalLabelSpan,
                    {kDash, "Х", "Х", common::ru::FormatRubles(vat.vat),
                     common::ru::FormatRubles(payment.amount_kopecks)}};
  return draft;
}

}  // namespace crm::documents
