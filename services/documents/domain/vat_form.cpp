#include "services/documents/domain/vat_form.h"

#include <string_view>
#include <utility>

#include "common/api/date.h"
#include "common/ru/money.h"
#include "services/documents/domain/invoice.h"

namespace crm::documents {
namespace {

constexpr char kTitle[] = "Счёт-фактура";
constexpr char kFormNote[] =
    "Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. "
    "№ 1137 (в редакции постановления Правительства Российской Федерации от 2 апреля 2021 г. "
    "№ 534)";
// Columns 1 to 4 carry the total row's label "Всего к оплате (9)".
constexpr std::size_t kTotalLabelSpan = 7;

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

std::string OkeiCode(std::string_view unit) {
  const std::optional<OkeiUnit> okei = OkeiOf(unit);
  return okei ? std::string(okei->code) : std::string(kFormDash);
}

std::string InnKpp(std::string_view inn, std::string_view kpp) {
  return std::string(inn) + "/" + (kpp.empty() ? std::string(kFormDash) : std::string(kpp));
}

std::string PercentLabel(int32_t rate_bp) {
  // VatLabel's "НДС 22%" without "НДС ".
  return VatLabel(rate_bp).substr(std::string_view("НДС ").size());
}

void AppendNotApplicable(std::vector<std::string>& row) {
  for (int i = 0; i < 6; ++i) {
    row.emplace_back(kFormDash);
  }
}

events::v1::DocumentIssued DocumentFromInvoice(const events::v1::DocumentIssued& invoice,
                                               const char* type, const std::string& number,
                                               int64_t sequence,
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

DocumentView VatFormView(const events::v1::DocumentIssued& document, const v1::Issuer& issuer,
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
      {"Исправление №", std::string(kFormDash) + " от " + kFormDash, "(1а)"},
      {"Продавец:", seller.legal_name(), "(2)"},
      {"Адрес:", seller.address(), "(2а)"},
      {"ИНН/КПП продавца:", InnKpp(seller.inn(), seller.kpp()), "(2б)"},
      {"Грузоотправитель и его адрес:", kFormDash, "(3)"},
      {"Грузополучатель и его адрес:", kFormDash, "(4)"},
      {"К платёжно-расчётному документу №", std::move(payment_document), "(5)"},
      {"Документ об отгрузке № п/п", std::move(shipment_document), "(5а)"},
      {"Покупатель:", buyer.legal_name(), "(6)"},
      {"Адрес:", buyer.legal_address().empty() ? std::string(kFormDash) : buyer.legal_address(),
       "(6а)"},
      {"ИНН/КПП покупателя:", InnKpp(buyer.inn(), buyer.kpp()), "(6б)"},
      {"Валюта: наименование, код", "Российский рубль, 643", "(7)"},
      {"Идентификатор государственного контракта, договора (соглашения) (при наличии):", kFormDash,
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

std::vector<std::vector<std::string>> VatFormRows(const events::v1::DocumentIssued& document) {
  std::vector<std::vector<std::string>> rows;
  const std::vector<DocumentLineView> printed = LineViews(document);
  for (int i = 0; i < document.lines_size(); ++i) {
    const events::v1::DocumentLine& line = document.lines(i);
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
                                    kFormDash,
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
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string ShipmentDocumentLine(const events::v1::DocumentIssued& document,
                                 const std::string& number, const std::string& date) {
  const int lines = document.lines_size();
  const std::string rows = lines == 1 ? "1" : "1–" + std::to_string(lines);
  return rows + " № " + number + " от " + date;
}

TableTotalView VatFormTotalRow(const std::string& net, const std::string& vat,
                               const std::string& total, std::size_t leading_columns) {
  return {"Всего к оплате (9)", kTotalLabelSpan + leading_columns, {net, "Х", "Х", vat, total}};
}

}  // namespace crm::documents
