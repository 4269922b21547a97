#include "services/documents/domain/invoice.h"

#include <cstdio>
#include <ctime>
#include <exception>
#include <stdexcept>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "common/ru/amount_in_words.h"
#include "common/ru/money.h"
#include "common/ru/payment_qr.h"
#include "common/ru/vat.h"
#include "services/documents/domain/issuer_rules.h"

namespace crm::documents {
namespace {

constexpr char kRub[] = "RUB";
// Far above any hall, low enough that quantity_milli (area × 10) cannot overflow.
constexpr int64_t kMaxAreaDm2 = 1'000'000'000'000;

void CheckMoney(std::vector<std::string>& problems, const char* field, bool present,
                const common::v1::Money& money) {
  if (!present) {
    problems.push_back(std::string(field) + " is missing");
  } else if (money.currency_code() != kRub) {
    problems.push_back(std::string(field) + " is in \"" + money.currency_code() +
                       "\", expected RUB");
  }
}

common::v1::Money Rubles(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code(kRub);
  money.set_minor_units(kopecks);
  return money;
}

std::string Mismatch(const std::string& field, int64_t actual, int64_t expected) {
  return field + " is " + std::to_string(actual) + ", expected " + std::to_string(expected);
}

}  // namespace

std::string FormatDocumentNumber(int year, int64_t sequence) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%06lld", year, static_cast<long long>(sequence));
  return buffer;
}

std::string InvoiceFileName(std::string_view number) {
  return "invoice-" + std::string(number) + ".pdf";
}

std::string VatLabel(int32_t rate_bp) {
  std::string percent = std::to_string(rate_bp / 100);
  int fraction = rate_bp % 100;
  if (fraction < 0) {
    fraction = -fraction;
  }
  if (fraction != 0) {
    percent += ',';
    percent += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) {
      percent += static_cast<char>('0' + fraction % 10);
    }
  }
  return "НДС " + percent + "%";
}

DocumentParty PartyOf(const events::v1::IssuerSnapshot& issuer) {
  return {issuer.legal_name(), issuer.inn(), issuer.kpp(), issuer.address()};
}

DocumentParty PartyOf(const events::v1::ClientSnapshot& client) {
  return {client.legal_name(), client.inn(), client.kpp(), client.legal_address()};
}

std::vector<DocumentLineView> LineViews(const events::v1::DocumentIssued& document) {
  std::vector<DocumentLineView> lines;
  lines.reserve(static_cast<std::size_t>(document.lines_size()));
  for (const events::v1::DocumentLine& line : document.lines()) {
    std::string text = line.description();
    if (line.discount_amount().minor_units() > 0) {
      text +=
          " (скидка " + common::ru::FormatRubles(line.discount_amount().minor_units()) + " руб.)";
    }
    lines.push_back({text, common::ru::FormatQuantity(line.quantity_milli()), line.unit(),
                     common::ru::FormatRubles(line.unit_price().minor_units()),
                     common::ru::FormatRubles(line.net_amount().minor_units())});
  }
  return lines;
}

common::ru::PaymentRequisites PaymentRequisitesFor(const v1::Issuer& issuer, std::string_view basis,
                                                   int64_t total_kopecks, int32_t vat_rate_bp,
                                                   int64_t vat_kopecks) {
  common::ru::PaymentRequisites requisites;
  requisites.payee_name = issuer.legal_name();
  requisites.payee_account = issuer.settlement_account();
  requisites.bank_name = issuer.bank_name();
  requisites.bik = issuer.bik();
  requisites.correspondent_account = issuer.correspondent_account();
  requisites.payee_inn = issuer.inn();
  requisites.payee_kpp = issuer.kpp();
  requisites.sum_kopecks = total_kopecks;
  requisites.purpose = "Оплата по " + std::string(basis) + ". Сумма " +
                       common::ru::FormatRubles(total_kopecks) + " руб., в т.ч. " +
                       VatLabel(vat_rate_bp) + " " + common::ru::FormatRubles(vat_kopecks) +
                       " руб.";
  return requisites;
}

common::ru::PaymentRequisites InvoicePaymentRequisites(const v1::Issuer& issuer,
                                                       std::string_view number,
                                                       std::string_view issue_date_ru,
                                                       int64_t total_kopecks, int32_t vat_rate_bp,
                                                       int64_t vat_kopecks) {
  return PaymentRequisitesFor(
      issuer, "счёту № " + std::string(number) + " от " + std::string(issue_date_ru), total_kopecks,
      vat_rate_bp, vat_kopecks);
}

std::string StandLineDescription(std::string_view edition_display_name, int64_t area_dm2,
                                 std::string_view stand_number) {
  std::string text = "Участие в выставке «" + std::string(edition_display_name) +
                     "»: выставочная площадь " + common::ru::FormatAreaM2(area_dm2) + " " +
                     kSquareMetreUnit;
  if (!stand_number.empty()) {
    text += ", стенд " + std::string(stand_number);
  }
  return text;
}

std::vector<std::string> SaleProblems(const events::v1::SaleRecorded& sale,
                                      std::chrono::year_month_day issue_date) {
  std::vector<std::string> problems;
  if (!common::ParseResourceId(sale.sale(), "sales")) {
    problems.push_back("sale \"" + sale.sale() + "\" is not a sales/{uuid} name");
  }
  if (!sale.has_sale_time()) {
    problems.emplace_back("sale_time is missing");
  }
  if (!sale.has_client()) {
    problems.emplace_back("client is missing");
  } else {
    if (!common::ParseResourceId(sale.client().client(), "clients")) {
      problems.push_back("client.client \"" + sale.client().client() +
                         "\" is not a clients/{uuid} name");
    }
    if (sale.client().legal_name().empty()) {
      problems.emplace_back("client.legal_name is empty");
    }
  }
  if (sale.edition().display_name().empty()) {
    problems.emplace_back("edition.display_name is empty");
  }
  if (sale.area_dm2() <= 0) {
    problems.push_back("area_dm2 must be positive, is " + std::to_string(sale.area_dm2()));
  } else if (sale.area_dm2() > kMaxAreaDm2) {
    problems.push_back("area_dm2 " + std::to_string(sale.area_dm2()) + " is implausibly large");
  }
  CheckMoney(problems, "price_per_m2", sale.has_price_per_m2(), sale.price_per_m2());
  CheckMoney(problems, "net_amount", sale.has_net_amount(), sale.net_amount());
  CheckMoney(problems, "vat_amount", sale.has_vat_amount(), sale.vat_amount());
  CheckMoney(problems, "total_amount", sale.has_total_amount(), sale.total_amount());
  if (sale.price_per_m2().minor_units() < 0) {
    problems.emplace_back("price_per_m2 must not be negative");
  }
  if (!problems.empty()) {
    return problems;  // the amounts below mean nothing on a malformed event
  }

  try {
    // net = area × price + Σ service lines − discount (older events carry neither).
    const int64_t space =
        common::ru::AreaAmountKopecks(sale.area_dm2(), sale.price_per_m2().minor_units());
    if (sale.has_space_amount() && sale.space_amount().minor_units() != space) {
      problems.push_back(
          Mismatch("space_amount (area × price)", sale.space_amount().minor_units(), space));
    }
    int64_t services = 0;
    for (int i = 0; i < sale.service_lines_size(); ++i) {
      const auto& line = sale.service_lines(i);
      const std::string path = "service_lines[" + std::to_string(i) + "]";
      if (line.name().empty()) {
        problems.push_back(path + ".name is empty");
      }
      if (line.quantity_milli() <= 0 || line.unit_price().minor_units() < 0) {
        problems.push_back(path + " needs a positive quantity and a non-negative price");
        continue;
      }
      const int64_t amount =
          common::ru::QuantityAmountKopecks(line.quantity_milli(), line.unit_price().minor_units());
      if (line.has_amount() && line.amount().minor_units() != amount) {
        problems.push_back(Mismatch(path + ".amount", line.amount().minor_units(), amount));
      }
      services += amount;
    }
    if (sale.has_services_amount() && sale.services_amount().minor_units() != services) {
      problems.push_back(
          Mismatch("services_amount", sale.services_amount().minor_units(), services));
    }
    const int64_t discount = sale.discount_amount().minor_units();
    if (discount < 0 || discount > space + services) {
      problems.push_back("discount_amount " + std::to_string(discount) +
                         " is outside 0..the amount before discount");
    }
    const int64_t net = space + services - discount;
    if (net != sale.net_amount().minor_units()) {
      problems.push_back(Mismatch("net_amount (area × price + services − discount)",
                                  sale.net_amount().minor_units(), net));
    }
    const common::ru::VatBreakdown vat =
        common::ru::ComputeVat(sale.net_amount().minor_units(), issue_date);
    if (vat.rate_bp != sale.vat_rate_bp()) {
      problems.push_back(Mismatch("vat_rate_bp", sale.vat_rate_bp(), vat.rate_bp));
    }
    if (vat.vat != sale.vat_amount().minor_units()) {
      problems.push_back(Mismatch("vat_amount", sale.vat_amount().minor_units(), vat.vat));
    }
    if (vat.total != sale.total_amount().minor_units()) {
      problems.push_back(Mismatch("total_amount", sale.total_amount().minor_units(), vat.total));
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("amounts cannot be computed: ") + e.what());
  }
  return problems;
}

DocumentDraft ComposeInvoice(const events::v1::SaleRecorded& sale, const v1::Issuer& issuer,
                             std::chrono::year_month_day issue_date, int64_t sequence,
                             const std::string& document_name) {
  const std::string number = FormatDocumentNumber(static_cast<int>(issue_date.year()), sequence);
  const std::string description =
      StandLineDescription(sale.edition().display_name(), sale.area_dm2(), sale.stand_number());
  const std::string total_in_words = common::ru::AmountInWords(sale.total_amount().minor_units());

  DocumentDraft draft;
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_document(document_name);
  issued.set_type(kInvoiceType);
  issued.set_number(number);
  issued.set_sequence_number(sequence);
  issued.mutable_issue_date()->set_year(static_cast<int>(issue_date.year()));
  issued.mutable_issue_date()->set_month(
      static_cast<int>(static_cast<unsigned>(issue_date.month())));
  issued.mutable_issue_date()->set_day(static_cast<int>(static_cast<unsigned>(issue_date.day())));
  events::v1::IssuerSnapshot& supplier = *issued.mutable_issuer();
  supplier.set_issuer(issuer.name());
  supplier.set_legal_name(issuer.legal_name());
  supplier.set_inn(issuer.inn());
  supplier.set_kpp(issuer.kpp());
  supplier.set_ogrn(issuer.ogrn());
  supplier.set_address(issuer.address());
  supplier.set_bank_name(issuer.bank_name());
  supplier.set_bik(issuer.bik());
  supplier.set_settlement_account(issuer.settlement_account());
  supplier.set_correspondent_account(issuer.correspondent_account());
  issued.set_sale(sale.sale());
  *issued.mutable_client() = sale.client();
  issued.set_edition_display_name(sale.edition().display_name());

  // The stand line, then one line per service; the discount and the VAT of the sale are spread
  // over the lines in proportion to their amounts, so the lines add up to the sale exactly.
  struct Gross {
    std::string description;
    int64_t quantity_milli;
    std::string unit;
    int64_t unit_price;
    int64_t amount;
  };
  std::vector<Gross> gross;
  gross.push_back(
      {description, sale.area_dm2() * 10,  // 1 m² = 100 dm² = 1000 thousandths
       std::string(kSquareMetreUnit), sale.price_per_m2().minor_units(),
       common::ru::AreaAmountKopecks(sale.area_dm2(), sale.price_per_m2().minor_units())});
  for (const auto& service : sale.service_lines()) {
    gross.push_back({service.name(), service.quantity_milli(), service.unit(),
                     service.unit_price().minor_units(),
                     common::ru::QuantityAmountKopecks(service.quantity_milli(),
                                                       service.unit_price().minor_units())});
  }
  std::vector<int64_t> amounts;
  amounts.reserve(gross.size());
  for (const auto& g : gross) {
    amounts.push_back(g.amount);
  }
  const std::vector<int64_t> discounts =
      common::ru::AllocateProportionally(sale.discount_amount().minor_units(), amounts);
  std::vector<int64_t> nets;
  for (std::size_t i = 0; i < gross.size(); ++i) {
    nets.push_back(gross[i].amount - discounts[i]);
  }
  const std::vector<int64_t> vats =
      common::ru::AllocateProportionally(sale.vat_amount().minor_units(), nets);
  for (std::size_t i = 0; i < gross.size(); ++i) {
    events::v1::DocumentLine& line = *issued.add_lines();
    line.set_description(gross[i].description);
    line.set_quantity_milli(gross[i].quantity_milli);
    line.set_unit(gross[i].unit);
    *line.mutable_unit_price() = Rubles(gross[i].unit_price);
    *line.mutable_discount_amount() = Rubles(discounts[i]);
    *line.mutable_net_amount() = Rubles(nets[i]);
    line.set_vat_rate_bp(sale.vat_rate_bp());
    *line.mutable_vat_amount() = Rubles(vats[i]);
    *line.mutable_total_amount() = Rubles(nets[i] + vats[i]);
  }

  *issued.mutable_net_amount() = Rubles(sale.net_amount().minor_units());
  issued.set_vat_rate_bp(sale.vat_rate_bp());
  *issued.mutable_vat_amount() = Rubles(sale.vat_amount().minor_units());
  *issued.mutable_total_amount() = Rubles(sale.total_amount().minor_units());
  issued.set_total_in_words(total_in_words);
  issued.set_file_name(InvoiceFileName(number));

  DocumentView& view = draft.view;
  view.number = number;
  view.issue_date = FormatDateRu(issue_date);
  view.supplier = PartyOf(issued.issuer());
  view.supplier_bank = {issuer.bank_name(), issuer.bik(), issuer.settlement_account(),
                        issuer.correspondent_account()};
  view.buyer = PartyOf(issued.client());
  view.lines = LineViews(issued);
  view.net_total = common::ru::FormatRubles(sale.net_amount().minor_units());
  view.vat_label = VatLabel(sale.vat_rate_bp());
  view.vat_amount = common::ru::FormatRubles(sale.vat_amount().minor_units());
  view.total = common::ru::FormatRubles(sale.total_amount().minor_units());
  view.total_in_words = total_in_words;
  view.director = issuer.director();
  view.chief_accountant = issuer.chief_accountant();
  const int term_days =
      issuer.payment_term_days() > 0 ? issuer.payment_term_days() : kDefaultPaymentTermDays;
  const std::chrono::year_month_day due{std::chrono::sys_days{issue_date} +
                                        std::chrono::days{term_days}};
  *issued.mutable_payment_due_date() = common::api::ProtoDate(due);
  view.payment_terms = "Оплатить не позднее " + FormatDateRu(due);
  view.payment_qr = common::ru::PaymentQrPayload(
      InvoicePaymentRequisites(issuer, number, view.issue_date, sale.total_amount().minor_units(),
                               sale.vat_rate_bp(), sale.vat_amount().minor_units()));
  return draft;
}

}  // namespace crm::documents
