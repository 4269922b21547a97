#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "services/documents/domain/act.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/domain/issuer_rules.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/domain/upd.h"
#include "services/documents/domain/vat_invoice.h"
#include "tests/support/pdf_reader.h"

namespace crm::documents {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kNbsp[] = "\xC2\xA0";

// Real, checksum-valid requisites (Sberbank in Moscow).
v1::Issuer ValidIssuer() {
  v1::Issuer issuer;
  issuer.set_legal_name("ООО «Экспо-Волга»");
  issuer.set_inn("7707083893");
  issuer.set_kpp("773601001");
  issuer.set_ogrn("1027700132195");
  issuer.set_address("443099, г. Самара, ул. Молодогвардейская, д. 10");
  issuer.set_bank_name("ПАО Сбербанк");
  issuer.set_bik("044525225");
  issuer.set_settlement_account("40702810938000012345");
  issuer.set_correspondent_account("30101810400000000225");
  issuer.set_director("Волков А. В.");
  issuer.set_chief_accountant("Соколова Е. Н.");
  return issuer;
}

v1::CreateIssuerRequest RequestWith(const v1::Issuer& issuer) {
  v1::CreateIssuerRequest request;
  *request.mutable_issuer() = issuer;
  return request;
}

// The field paths ValidateCreateIssuer reports, {} when it accepts the request.
std::vector<std::string> Violations(const v1::CreateIssuerRequest& request) {
  try {
    ValidateCreateIssuer(request);
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  return {};
}

common::v1::Money Rub(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(kopecks);
  return money;
}

// 20 m² at 5 000,00 per m² in March 2026: 100 000,00 + 22% VAT = 122 000,00.
events::v1::SaleRecorded ValidSale() {
  events::v1::SaleRecorded sale;
  sale.set_sale("sales/3f1c2b9e-7a4d-4e8b-9c1a-2b3c4d5e6f70");
  *sale.mutable_sale_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1773568800);  // 2026-03-15 10:00Z
  auto* client = sale.mutable_client();
  client->set_client("clients/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  client->set_legal_name("ООО «СтройМаш»");
  client->set_inn("7736050003");
  client->set_kpp("773601001");
  client->set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
  sale.mutable_edition()->set_display_name("Волга-Строй 2026");
  sale.set_area_dm2(2000);
  sale.set_stand_number("A-12");
  *sale.mutable_price_per_m2() = Rub(500000);
  *sale.mutable_net_amount() = Rub(10000000);
  sale.set_vat_rate_bp(2200);
  *sale.mutable_vat_amount() = Rub(2200000);
  *sale.mutable_total_amount() = Rub(12200000);
  return sale;
}

constexpr std::chrono::year_month_day kMarch15{std::chrono::year{2026}, std::chrono::March,
                                               std::chrono::day{15}};

// Dates depend on the process time zone; pin it to the one documents are printed in.
class LocalDateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Europe/Samara", 1);
    tzset();
  }
};

TEST(DocumentNumberTest, YearAndSixDigitSequence) {
  EXPECT_EQ(FormatDocumentNumber(2026, 1), "2026-000001");
  EXPECT_EQ(FormatDocumentNumber(2026, 17), "2026-000017");
  EXPECT_EQ(FormatDocumentNumber(2027, 999999), "2027-999999");
  // Past a million the number grows rather than wraps.
  EXPECT_EQ(FormatDocumentNumber(2027, 1234567), "2027-1234567");
}

TEST(DocumentNumberTest, InvoiceFileName) {
  EXPECT_EQ(InvoiceFileName("2026-000001"), "invoice-2026-000001.pdf");
}

TEST(FormatDateRuTest, DayMonthYearWithDots) {
  EXPECT_EQ(FormatDateRu(kMarch15), "15.03.2026");
  EXPECT_EQ(FormatDateRu({std::chrono::year{2026}, std::chrono::November, std::chrono::day{26}}),
            "26.11.2026");
}

TEST_F(LocalDateTest, UsesTheConfiguredZoneNotUtc) {
  // 2025-12-31 20:30 UTC is already 2026-01-01 00:30 in Samara (UTC+4).
  EXPECT_EQ(
      common::api::LocalDate(google::protobuf::util::TimeUtil::SecondsToTimestamp(1767213000)),
      (std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::January,
                                   std::chrono::day{1}}));
  EXPECT_EQ(
      common::api::LocalDate(google::protobuf::util::TimeUtil::SecondsToTimestamp(1773568800)),
      kMarch15);
}

TEST(VatLabelTest, PercentWithDecimalComma) {
  EXPECT_EQ(VatLabel(2200), "НДС 22%");
  EXPECT_EQ(VatLabel(2000), "НДС 20%");
  EXPECT_EQ(VatLabel(1050), "НДС 10,5%");
  EXPECT_EQ(VatLabel(1025), "НДС 10,25%");
  EXPECT_EQ(VatLabel(0), "НДС 0%");
}

TEST(StandLineDescriptionTest, NamesEditionAreaAndStand) {
  EXPECT_EQ(StandLineDescription("Волга-Строй 2026", 2000, "A-12"),
            "Участие в выставке «Волга-Строй 2026»: выставочная площадь 20 м², стенд A-12");
  EXPECT_EQ(StandLineDescription("Волга-Строй 2026", 1250, "B-3"),
            "Участие в выставке «Волга-Строй 2026»: выставочная площадь 12,5 м², стенд B-3");
}

TEST(StandLineDescriptionTest, LeavesOutAMissingStand) {
  EXPECT_EQ(StandLineDescription("Волга-Строй 2026", 1225, ""),
            "Участие в выставке «Волга-Строй 2026»: выставочная площадь 12,25 м²");
}

TEST(SaleProblemsTest, AcceptsAConsistentSale) {
  EXPECT_THAT(SaleProblems(ValidSale(), kMarch15), IsEmpty());
}

TEST(SaleProblemsTest, RejectsVatThatContradictsTheComputation) {
  events::v1::SaleRecorded sale = ValidSale();
  *sale.mutable_vat_amount() = Rub(2000000);
  *sale.mutable_total_amount() = Rub(12000000);
  EXPECT_THAT(SaleProblems(sale, kMarch15),
              ElementsAre(HasSubstr("vat_amount"), HasSubstr("total_amount")));
}

TEST(SaleProblemsTest, RejectsTheOldRateAfterItChanged) {
  events::v1::SaleRecorded sale = ValidSale();
  sale.set_vat_rate_bp(2000);
  EXPECT_THAT(SaleProblems(sale, kMarch15), ElementsAre(HasSubstr("vat_rate_bp")));
}

TEST(SaleProblemsTest, ChecksTheRateOfTheIssueDate) {
  // The same amounts were right in 2025 at 20%: the date decides.
  events::v1::SaleRecorded sale = ValidSale();
  sale.set_vat_rate_bp(2000);
  *sale.mutable_vat_amount() = Rub(2000000);
  *sale.mutable_total_amount() = Rub(12000000);
  EXPECT_THAT(
      SaleProblems(sale, {std::chrono::year{2025}, std::chrono::December, std::chrono::day{31}}),
      IsEmpty());
}

TEST(SaleProblemsTest, RejectsANetThatIsNotAreaTimesPrice) {
  events::v1::SaleRecorded sale = ValidSale();
  sale.set_area_dm2(2500);
  EXPECT_THAT(SaleProblems(sale, kMarch15), ElementsAre(HasSubstr("net_amount")));
}

TEST(SaleProblemsTest, RejectsTotalThatDoesNotAddUp) {
  events::v1::SaleRecorded sale = ValidSale();
  *sale.mutable_total_amount() = Rub(12200001);
  EXPECT_THAT(SaleProblems(sale, kMarch15), ElementsAre(HasSubstr("total_amount")));
}

TEST(SaleProblemsTest, RejectsMalformedEvents) {
  events::v1::SaleRecorded sale = ValidSale();
  sale.set_sale("sale-42");
  sale.mutable_client()->set_legal_name("");
  sale.set_area_dm2(0);
  sale.mutable_net_amount()->set_currency_code("USD");
  sale.clear_vat_amount();
  EXPECT_THAT(SaleProblems(sale, kMarch15),
              ElementsAre(HasSubstr("sale"), HasSubstr("client.legal_name"), HasSubstr("area_dm2"),
                          HasSubstr("net_amount"), HasSubstr("vat_amount")));
}

TEST(SaleProblemsTest, ReportsOverflowInsteadOfThrowing) {
  events::v1::SaleRecorded sale = ValidSale();
  sale.set_area_dm2(1'000'000'000'000);
  *sale.mutable_price_per_m2() = Rub(9'000'000'000'000);
  EXPECT_THAT(SaleProblems(sale, kMarch15), ElementsAre(HasSubstr("cannot be computed")));
}

TEST(ComposeInvoiceTest, TheIssuersPaymentTermGivesTheDueDateAcrossMonthAndYear) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_payment_term_days(30);
  constexpr std::chrono::year_month_day kDecember10{std::chrono::year{2026}, std::chrono::December,
                                                    std::chrono::day{10}};
  const DocumentDraft draft = ComposeInvoice(ValidSale(), issuer, kDecember10, 1,
                                             "documents/0f0e0d0c-0b0a-4908-8706-050403020100");
  EXPECT_EQ(draft.issued.payment_due_date().year(), 2027);
  EXPECT_EQ(draft.issued.payment_due_date().month(), 1);
  EXPECT_EQ(draft.issued.payment_due_date().day(), 9);
  EXPECT_EQ(draft.view.payment_terms, "Оплатить не позднее 09.01.2027");
}

TEST(ComposeActTest, ClosesTheInvoiceWithItsLinesAndAmountsAndItsOwnNumberAndDate) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_name("issuers/5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e");
  DocumentDraft invoice = ComposeInvoice(ValidSale(), issuer, kMarch15, 7,
                                         "documents/0f0e0d0c-0b0a-4908-8706-050403020100");
  invoice.issued.set_sha256("invoice-hash");
  invoice.issued.set_replaces("documents/aaaaaaaa-0b0a-4908-8706-050403020100");
  constexpr std::chrono::year_month_day kMay20{std::chrono::year{2026}, std::chrono::May,
                                               std::chrono::day{20}};
  const DocumentDraft act = ComposeAct(invoice.issued, issuer, kMay20, 3,
                                       "documents/1f0e0d0c-0b0a-4908-8706-050403020100");

  const events::v1::DocumentIssued& e = act.issued;
  EXPECT_EQ(e.document(), "documents/1f0e0d0c-0b0a-4908-8706-050403020100");
  EXPECT_EQ(e.type(), "ACT");
  EXPECT_EQ(e.number(), "2026-000003");
  EXPECT_EQ(e.sequence_number(), 3);
  EXPECT_EQ(e.issue_date().month(), 5);
  EXPECT_EQ(e.issue_date().day(), 20);
  EXPECT_EQ(e.file_name(), "act-2026-000003.pdf");
  EXPECT_TRUE(e.sha256().empty());    // the act's own, once rendered
  EXPECT_TRUE(e.replaces().empty());  // an act replaces no invoice
  EXPECT_FALSE(e.has_payment_due_date());
  EXPECT_TRUE(act.view.payment_terms.empty());
  EXPECT_EQ(e.sale(), invoice.issued.sale());
  EXPECT_EQ(e.issuer().inn(), invoice.issued.issuer().inn());
  ASSERT_EQ(e.lines_size(), invoice.issued.lines_size());
  EXPECT_EQ(e.lines(0).net_amount().minor_units(),
            invoice.issued.lines(0).net_amount().minor_units());
  EXPECT_EQ(e.total_amount().minor_units(), invoice.issued.total_amount().minor_units());
  EXPECT_EQ(e.total_in_words(), invoice.issued.total_in_words());

  const DocumentView& view = act.view;
  EXPECT_EQ(view.title, "Акт об оказании услуг");
  EXPECT_EQ(view.number, "2026-000003");
  EXPECT_EQ(view.issue_date, "20.05.2026");
  EXPECT_EQ(view.supplier_label, "Исполнитель:");
  EXPECT_EQ(view.buyer_label, "Заказчик:");
  EXPECT_FALSE(view.bank_block);
  EXPECT_TRUE(view.payment_qr.empty());
  EXPECT_TRUE(view.stamp_places);
  ASSERT_EQ(view.signatures.size(), 2u);
  EXPECT_EQ(view.signatures[0].name, issuer.director());
  EXPECT_EQ(view.lines.size(), invoice.view.lines.size());
  EXPECT_EQ(view.total, invoice.view.total);
  EXPECT_FALSE(view.statement.empty());
}

TEST(ComposeInvoiceTest, BuildsTheEventAndThePrintedView) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_name("issuers/5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e");
  const DocumentDraft draft = ComposeInvoice(ValidSale(), issuer, kMarch15, 1,
                                             "documents/0f0e0d0c-0b0a-4908-8706-050403020100");

  const events::v1::DocumentIssued& e = draft.issued;
  EXPECT_EQ(e.document(), "documents/0f0e0d0c-0b0a-4908-8706-050403020100");
  EXPECT_EQ(e.type(), "INVOICE");
  EXPECT_EQ(e.number(), "2026-000001");
  // Five days to pay when the issuer names no term: 15 March + 5.
  EXPECT_EQ(e.payment_due_date().month(), 3);
  EXPECT_EQ(e.payment_due_date().day(), 20);
  EXPECT_EQ(draft.view.payment_terms, "Оплатить не позднее 20.03.2026");
  EXPECT_EQ(e.sequence_number(), 1);
  EXPECT_EQ(e.issue_date().year(), 2026);
  EXPECT_EQ(e.issue_date().month(), 3);
  EXPECT_EQ(e.issue_date().day(), 15);
  EXPECT_EQ(e.issuer().issuer(), issuer.name());
  EXPECT_EQ(e.issuer().inn(), "7707083893");
  EXPECT_EQ(e.issuer().kpp(), "773601001");
  // The 1C package tells accounting where the buyer pays to without a call back.
  EXPECT_EQ(e.issuer().ogrn(), "1027700132195");
  EXPECT_EQ(e.issuer().address(), "443099, г. Самара, ул. Молодогвардейская, д. 10");
  EXPECT_EQ(e.issuer().bank_name(), "ПАО Сбербанк");
  EXPECT_EQ(e.issuer().bik(), "044525225");
  EXPECT_EQ(e.issuer().settlement_account(), "40702810938000012345");
  EXPECT_EQ(e.issuer().correspondent_account(), "30101810400000000225");
  EXPECT_EQ(e.sale(), ValidSale().sale());
  EXPECT_EQ(e.client().legal_name(), "ООО «СтройМаш»");
  EXPECT_EQ(e.edition_display_name(), "Волга-Строй 2026");
  ASSERT_EQ(e.lines_size(), 1);
  EXPECT_EQ(e.lines(0).description(),
            "Участие в выставке «Волга-Строй 2026»: выставочная площадь 20 м², стенд A-12");
  EXPECT_EQ(e.lines(0).quantity_milli(), 20000);
  EXPECT_EQ(e.lines(0).unit(), "м²");
  EXPECT_EQ(e.lines(0).unit_price().minor_units(), 500000);
  EXPECT_EQ(e.lines(0).net_amount().minor_units(), 10000000);
  EXPECT_EQ(e.lines(0).vat_rate_bp(), 2200);
  EXPECT_EQ(e.lines(0).vat_amount().minor_units(), 2200000);
  EXPECT_EQ(e.lines(0).total_amount().minor_units(), 12200000);
  EXPECT_EQ(e.net_amount().minor_units(), 10000000);
  EXPECT_EQ(e.vat_amount().minor_units(), 2200000);
  EXPECT_EQ(e.total_amount().minor_units(), 12200000);
  EXPECT_EQ(e.total_amount().currency_code(), "RUB");
  EXPECT_EQ(e.total_in_words(), "Сто двадцать две тысячи рублей 00 копеек");
  EXPECT_EQ(e.file_name(), "invoice-2026-000001.pdf");
  EXPECT_EQ(e.sha256(), "");  // known only after rendering

  const DocumentView& v = draft.view;
  EXPECT_EQ(v.number, "2026-000001");
  EXPECT_EQ(v.issue_date, "15.03.2026");
  EXPECT_EQ(v.supplier.legal_name, "ООО «Экспо-Волга»");
  EXPECT_EQ(v.supplier_bank.bik, "044525225");
  EXPECT_EQ(v.supplier_bank.settlement_account, "40702810938000012345");
  EXPECT_EQ(v.buyer.legal_name, "ООО «СтройМаш»");
  EXPECT_EQ(v.buyer.address, "101000, г. Москва, ул. Мясницкая, д. 1");
  ASSERT_EQ(v.lines.size(), 1u);
  EXPECT_EQ(v.lines[0].quantity, "20");
  EXPECT_EQ(v.lines[0].unit, "м²");
  EXPECT_EQ(v.lines[0].price, std::string("5") + kNbsp + "000,00");
  EXPECT_EQ(v.lines[0].amount, std::string("100") + kNbsp + "000,00");
  EXPECT_EQ(v.net_total, std::string("100") + kNbsp + "000,00");
  EXPECT_EQ(v.vat_label, "НДС 22%");
  EXPECT_EQ(v.vat_amount, std::string("22") + kNbsp + "000,00");
  EXPECT_EQ(v.total, std::string("122") + kNbsp + "000,00");
  EXPECT_EQ(v.total_in_words, "Сто двадцать две тысячи рублей 00 копеек");
  EXPECT_EQ(v.director, "Волков А. В.");
  EXPECT_EQ(v.chief_accountant, "Соколова Е. Н.");
}

// 20 m² at 5 000,00 (100 000,00) + electricity 1 × 12 000,00 − 10% = 100 800,00 net,
// 22% VAT 22 176,00, total 122 976,00.
events::v1::SaleRecorded SaleWithServicesAndDiscount() {
  events::v1::SaleRecorded sale = ValidSale();
  auto* line = sale.add_service_lines();
  line->set_name("Подключение электричества 5 кВт");
  line->set_quantity_milli(1000);
  line->set_unit("шт.");
  *line->mutable_unit_price() = Rub(1200000);
  *line->mutable_amount() = Rub(1200000);
  sale.mutable_discount()->set_percent_bp(1000);
  *sale.mutable_space_amount() = Rub(10000000);
  *sale.mutable_services_amount() = Rub(1200000);
  *sale.mutable_discount_amount() = Rub(1120000);
  *sale.mutable_net_amount() = Rub(10080000);
  *sale.mutable_vat_amount() = Rub(2217600);
  *sale.mutable_total_amount() = Rub(12297600);
  return sale;
}

TEST(SaleProblemsTest, AcceptsServicesAndDiscount) {
  EXPECT_THAT(SaleProblems(SaleWithServicesAndDiscount(), kMarch15), IsEmpty());
}

TEST(SaleProblemsTest, RejectsServiceAmountsThatDoNotAddUp) {
  events::v1::SaleRecorded sale = SaleWithServicesAndDiscount();
  *sale.mutable_service_lines(0)->mutable_amount() = Rub(1100000);
  EXPECT_THAT(SaleProblems(sale, kMarch15), Contains(HasSubstr("service_lines[0].amount")));
  sale = SaleWithServicesAndDiscount();
  *sale.mutable_discount_amount() = Rub(1000000);
  EXPECT_THAT(SaleProblems(sale, kMarch15), Contains(HasSubstr("net_amount")));
}

TEST(ComposeInvoiceTest, ServiceLinesAndTheDiscountAddUpToTheSale) {
  const DocumentDraft draft = ComposeInvoice(SaleWithServicesAndDiscount(), ValidIssuer(), kMarch15,
                                             2, "documents/0f0e0d0c-0b0a-4908-8706-050403020100");
  const events::v1::DocumentIssued& e = draft.issued;
  ASSERT_EQ(e.lines_size(), 2);
  // The discount is spread 100 000 : 12 000; the VAT over the discounted amounts.
  EXPECT_EQ(e.lines(0).discount_amount().minor_units(), 1000000);
  EXPECT_EQ(e.lines(0).net_amount().minor_units(), 9000000);
  EXPECT_EQ(e.lines(1).description(), "Подключение электричества 5 кВт");
  EXPECT_EQ(e.lines(1).unit(), "шт.");
  EXPECT_EQ(e.lines(1).quantity_milli(), 1000);
  EXPECT_EQ(e.lines(1).unit_price().minor_units(), 1200000);
  EXPECT_EQ(e.lines(1).discount_amount().minor_units(), 120000);
  EXPECT_EQ(e.lines(1).net_amount().minor_units(), 1080000);
  int64_t net = 0;
  int64_t vat = 0;
  int64_t total = 0;
  for (const auto& line : e.lines()) {
    net += line.net_amount().minor_units();
    vat += line.vat_amount().minor_units();
    total += line.total_amount().minor_units();
  }
  EXPECT_EQ(net, 10080000);
  EXPECT_EQ(vat, 2217600);
  EXPECT_EQ(total, 12297600);
  EXPECT_EQ(e.total_amount().minor_units(), 12297600);

  const DocumentView& v = draft.view;
  ASSERT_EQ(v.lines.size(), 2u);
  EXPECT_THAT(v.lines[0].description, HasSubstr(std::string("скидка 10") + kNbsp + "000,00 руб."));
  EXPECT_EQ(v.lines[1].quantity, "1");
  EXPECT_EQ(v.lines[1].amount, std::string("10") + kNbsp + "800,00");
  EXPECT_EQ(v.net_total, std::string("100") + kNbsp + "800,00");
}

TEST(IssuerRulesTest, AcceptsValidRequisites) {
  EXPECT_THAT(Violations(RequestWith(ValidIssuer())), IsEmpty());
  v1::Issuer without_optional = ValidIssuer();
  without_optional.clear_ogrn();
  without_optional.clear_director();
  without_optional.clear_chief_accountant();
  EXPECT_THAT(Violations(RequestWith(without_optional)), IsEmpty());
}

TEST(IssuerRulesTest, ReportsEveryMissingField) {
  EXPECT_THAT(Violations(RequestWith(v1::Issuer())),
              UnorderedElementsAre("issuer.legal_name", "issuer.address", "issuer.bank_name",
                                   "issuer.inn", "issuer.bik", "issuer.settlement_account",
                                   "issuer.correspondent_account"));
  EXPECT_THAT(Violations(v1::CreateIssuerRequest()), ElementsAre("issuer"));
}

TEST(IssuerRulesTest, BadBikIsReportedOnceNotOnEveryAccount) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_bik("123456789");
  EXPECT_THAT(Violations(RequestWith(issuer)), ElementsAre("issuer.bik"));
  issuer.set_settlement_account("4070281093800001234");  // 19 digits
  EXPECT_THAT(Violations(RequestWith(issuer)),
              UnorderedElementsAre("issuer.bik", "issuer.settlement_account"));
}

TEST(IssuerRulesTest, AccountsMustMatchTheBik) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_settlement_account("40702810038000012345");  // control digit broken
  issuer.set_correspondent_account("30101810400000000226");
  EXPECT_THAT(Violations(RequestWith(issuer)),
              UnorderedElementsAre("issuer.settlement_account", "issuer.correspondent_account"));
}

TEST(IssuerRulesTest, KppAndOgrnFollowTheKindOfInn) {
  v1::Issuer company = ValidIssuer();
  company.clear_kpp();
  company.set_ogrn("304500116000157");  // an ОГРНИП
  EXPECT_THAT(Violations(RequestWith(company)), UnorderedElementsAre("issuer.kpp", "issuer.ogrn"));

  v1::Issuer sole_trader = ValidIssuer();
  sole_trader.set_inn("500100732259");
  sole_trader.set_ogrn("304500116000157");
  EXPECT_THAT(Violations(RequestWith(sole_trader)), ElementsAre("issuer.kpp"));
  sole_trader.clear_kpp();
  EXPECT_THAT(Violations(RequestWith(sole_trader)), IsEmpty());
}

TEST(IssuerRulesTest, RejectsBadInnKppAndOgrn) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_inn("7707083894");
  issuer.set_kpp("77360100");
  issuer.set_ogrn("1027700132196");
  EXPECT_THAT(Violations(RequestWith(issuer)),
              UnorderedElementsAre("issuer.inn", "issuer.kpp", "issuer.ogrn"));
}

TEST(IssuerRulesTest, RejectsOverlongTextAndRequestId) {
  v1::CreateIssuerRequest request = RequestWith(ValidIssuer());
  request.mutable_issuer()->set_address(std::string(1001, 'x'));
  request.set_request_id(std::string(201, 'r'));
  EXPECT_THAT(Violations(request), UnorderedElementsAre("issuer.address", "request_id"));
}

TEST(IssuerRulesTest, NormalizeTrimsPastedWhitespace) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_bik(" 044525225\n");
  issuer.set_legal_name("\tООО «Экспо-Волга» ");
  NormalizeIssuer(&issuer);
  EXPECT_EQ(issuer.bik(), "044525225");
  EXPECT_EQ(issuer.legal_name(), "ООО «Экспо-Волга»");
  EXPECT_THAT(Violations(RequestWith(issuer)), IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// VAT invoices (Decree 1137)

constexpr std::chrono::year_month_day kMay20{std::chrono::year{2026}, std::chrono::May,
                                             std::chrono::day{20}};

// The invoice, act and VAT invoice of `sale` as the closing of its edition makes them.
DocumentDraft VatInvoiceOf(const events::v1::SaleRecorded& sale) {
  const DocumentDraft invoice = ComposeInvoice(sale, ValidIssuer(), kMarch15, 1,
                                               "documents/0f0e0d0c-0b0a-4908-8706-0504030201a0");
  const DocumentDraft act = ComposeAct(invoice.issued, ValidIssuer(), kMay20, 4,
                                       "documents/0f0e0d0c-0b0a-4908-8706-0504030201a1");
  return ComposeVatInvoice(act.issued, ValidIssuer(), kMay20, 7,
                           "documents/0f0e0d0c-0b0a-4908-8706-0504030201a2");
}

TEST(AdvanceVatTest, TheEstimatedRateOfThePaymentDayRoundedToTheKopeck) {
  // 122 000,00 at 22/122 contains exactly 22 000,00.
  AdvanceVat vat = AdvanceVatOf(12200000, kMarch15);
  EXPECT_EQ(vat.rate_bp, 2200);
  EXPECT_EQ(vat.vat, 2200000);
  EXPECT_EQ(vat.net, 10000000);
  // 100,00 × 22/122 = 18,0327… -> 18,03; 100,05 × 22/122 = 18,0418… -> 18,04; 0,61 × 22/122 =
  // 0,11 exactly; 0,03 × 22/122 = 0,0054… -> 0,01 (half-up of 0,54 kopeck).
  EXPECT_EQ(AdvanceVatOf(10000, kMarch15).vat, 1803);
  EXPECT_EQ(AdvanceVatOf(10005, kMarch15).vat, 1804);
  EXPECT_EQ(AdvanceVatOf(61, kMarch15).vat, 11);
  EXPECT_EQ(AdvanceVatOf(3, kMarch15).vat, 1);
  EXPECT_EQ(AdvanceVatOf(2, kMarch15).vat, 0);
  // Before 2026 the rate was 20%: 120 000,00 at 20/120 contains 20 000,00.
  const std::chrono::year_month_day december_2025{std::chrono::year{2025}, std::chrono::December,
                                                  std::chrono::day{31}};
  vat = AdvanceVatOf(12000000, december_2025);
  EXPECT_EQ(vat.rate_bp, 2000);
  EXPECT_EQ(vat.vat, 2000000);
  EXPECT_EQ(AdvanceVatOf(10000, december_2025).vat, 1667);  // 16,666… -> 16,67
  EXPECT_THROW(AdvanceVatOf(0, kMarch15), std::invalid_argument);
  EXPECT_EQ(EstimatedRateLabel(2200), "22/122");
  EXPECT_EQ(EstimatedRateLabel(2000), "20/120");
  EXPECT_THROW(EstimatedRateLabel(1050), std::invalid_argument);
}

TEST(AdvanceVatTest, ARefundedPartContainsTheVatAtTheAdvanceInvoicesRate) {
  // Half of 24 400,00 returned: 12 200,00 with 2 200,00 of VAT at 22/122; a 2025 advance's part
  // at 20/120.
  EXPECT_EQ(VatContainedIn(1220000, 2200).vat, 220000);
  EXPECT_EQ(VatContainedIn(1220000, 2200).net, 1000000);
  EXPECT_EQ(VatContainedIn(10000, 2200).vat, AdvanceVatOf(10000, kMarch15).vat);
  EXPECT_EQ(VatContainedIn(10000, 2000).vat, 1667);
  EXPECT_THROW(VatContainedIn(0, 2200), std::invalid_argument);
}

TEST(ComposeVatInvoiceTest, TheSalesLinesAndAmountsWithLine5aNamingTheAct) {
  const DocumentDraft draft = VatInvoiceOf(ValidSale());
  const events::v1::DocumentIssued& e = draft.issued;
  EXPECT_EQ(e.type(), "VAT_INVOICE");
  EXPECT_EQ(e.number(), "2026-000007");
  EXPECT_EQ(e.file_name(), "vat-invoice-2026-000007.pdf");
  EXPECT_EQ(e.issue_date().month(), 5);
  EXPECT_EQ(e.total_amount().minor_units(), 12200000);
  EXPECT_EQ(e.vat_amount().minor_units(), 2200000);
  EXPECT_FALSE(e.has_payment_due_date());
  const DocumentView& v = draft.view;
  EXPECT_EQ(v.orientation, PageOrientation::kLandscape);
  ASSERT_EQ(v.columns.size(), 18u);
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows[0].size(), 18u);
  EXPECT_EQ(v.rows[0][3], "055");  // м² in ОКЕИ
  EXPECT_EQ(v.rows[0][8], "без акциза");
  EXPECT_EQ(v.rows[0][9], "22%");

  // The integration test reads every mandatory line of the issued PDF; here what composing
  // decides: the act in line 5а, the columns' numbers, the row and the totals.
  const std::string text = testing::PdfText(RenderDocumentPdf(v));
  for (const std::string_view expected :
       {"Счёт-фактура № 2026-000007 от 20.05.2026 (1)",
        "Документ об отгрузке № п/п 1 № 2026-000004 от 20.05.2026 (5а)",
        "1 1а 1б 2 2а 3 4 5 6 7 8 9 10 10а 11 12 12а 13", "055 м² 20 5 000,00 100 000,00",
        "22% 22 000,00 122 000,00 — — — — — —",
        "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(ComposeAdvanceVatInvoiceTest, OneDashedLineWithTheEstimatedRateAndThePaymentInLine5) {
  const DocumentDraft invoice = ComposeInvoice(ValidSale(), ValidIssuer(), kMarch15, 1,
                                               "documents/0f0e0d0c-0b0a-4908-8706-0504030201a0");
  const std::chrono::year_month_day april_2{std::chrono::year{2026}, std::chrono::April,
                                            std::chrono::day{2}};
  const AdvancePayment payment{"payments/5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "318", april_2,
                               6100000};
  const DocumentDraft draft =
      ComposeAdvanceVatInvoice(invoice.issued, payment, ValidIssuer(), april_2, 3,
                               "documents/0f0e0d0c-0b0a-4908-8706-0504030201a3");
  const events::v1::DocumentIssued& e = draft.issued;
  EXPECT_EQ(e.type(), "ADVANCE_VAT_INVOICE");
  EXPECT_EQ(e.number(), "А-2026-000003");
  EXPECT_EQ(e.file_name(), "advance-vat-invoice-2026-000003.pdf");
  EXPECT_EQ(e.total_amount().minor_units(), 6100000);
  EXPECT_EQ(e.vat_amount().minor_units(), 1100000);  // 61 000,00 × 22/122
  EXPECT_EQ(e.net_amount().minor_units(), 5000000);
  EXPECT_EQ(e.vat_rate_bp(), 2200);
  ASSERT_EQ(e.lines_size(), 1);
  EXPECT_EQ(e.lines(0).description(),
            "Предварительная оплата за участие в выставке «Волга-Строй 2026»");
  EXPECT_EQ(e.client().inn(), "7736050003");

  const std::string text = testing::PdfText(RenderDocumentPdf(draft.view));
  for (const std::string_view expected : {
           "Счёт-фактура № А-2026-000003 от 02.04.2026 (1)",
           "К платёжно-расчётному документу № 318 от 02.04.2026 (5)",
           "Документ об отгрузке № п/п — (5а)",
           "Покупатель: ООО «СтройМаш» (6)",
           "— — — — — — — 22/122 11 000,00 61 000,00 — — — — — —",
           "Предварительная оплата",
           "Всего к оплате (9) — Х Х 11 000,00 61 000,00",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(ComposeCorrectiveVatInvoiceTest, ALineAddedAfterClosingIsAnIncreaseFromNothing) {
  const DocumentDraft vat_invoice = VatInvoiceOf(ValidSale());
  // The buyer ordered furniture after the show: 2 pcs at 1 500,00 = 3 000,00 + 22%.
  events::v1::SaleRecorded amended = ValidSale();
  auto* service = amended.add_service_lines();
  service->set_name("Аренда стула");
  service->set_quantity_milli(2000);
  service->set_unit("шт.");
  *service->mutable_unit_price() = Rub(150000);
  *amended.mutable_net_amount() = Rub(10300000);
  *amended.mutable_vat_amount() = Rub(2266000);
  *amended.mutable_total_amount() = Rub(12566000);
  const DocumentDraft after = ComposeInvoice(amended, ValidIssuer(), kMay20, 2,
                                             "documents/0f0e0d0c-0b0a-4908-8706-0504030201a3");
  EXPECT_FALSE(AmountsDiffer(vat_invoice.issued, vat_invoice.issued));
  ASSERT_TRUE(AmountsDiffer(vat_invoice.issued, after.issued));

  const DocumentDraft corrective = ComposeCorrectiveVatInvoice(
      vat_invoice.issued, vat_invoice.issued, after.issued, ValidIssuer(), kMay20, 1,
      "documents/0f0e0d0c-0b0a-4908-8706-0504030201a4");
  EXPECT_EQ(corrective.issued.type(), "CORRECTIVE_VAT_INVOICE");
  EXPECT_EQ(corrective.issued.corrects(), vat_invoice.issued.document());
  EXPECT_EQ(corrective.issued.total_amount().minor_units(), 12566000);
  const DocumentView& view = corrective.view;
  ASSERT_EQ(view.rows.size(), 8u);  // А, Б, В, Г for the stand and for the chair
  for (const auto& row : view.rows) {
    ASSERT_EQ(row.size(), view.columns.size());
  }
  // The stand did not change: no increase, no decrease.
  EXPECT_EQ(view.rows[2][7], "—");
  EXPECT_EQ(view.rows[3][7], "—");
  // The chair: nothing before, 3 000,00 + 660,00 after, all of it an increase.
  EXPECT_EQ(view.rows[4][0], "Аренда стула");
  EXPECT_EQ(view.rows[4][7], "—");
  EXPECT_EQ(view.rows[5][7], "3\u00a0000,00");
  EXPECT_EQ(view.rows[6][2], "В (увеличение)");
  EXPECT_EQ(view.rows[6][3], "796");
  EXPECT_EQ(view.rows[6][7], "3\u00a0000,00");
  EXPECT_EQ(view.rows[6][10], "660,00");
  EXPECT_EQ(view.rows[6][11], "3\u00a0660,00");
  EXPECT_EQ(view.total_row.label, "Всего увеличение (сумма строк В)");
  EXPECT_THAT(view.total_row.cells,
              ElementsAre("3\u00a0000,00", "Х", "Х", "660,00", "3\u00a0660,00"));
  ASSERT_EQ(view.more_total_rows.size(), 1u);
  EXPECT_THAT(view.more_total_rows[0].cells, ElementsAre("—", "Х", "Х", "—", "—"));
  EXPECT_FALSE(RenderDocumentPdf(view).empty());
  EXPECT_THROW(ComposeCorrectiveVatInvoice(vat_invoice.issued, after.issued, after.issued,
                                           ValidIssuer(), kMay20, 2, "documents/x"),
               std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// The sale's package

TEST(SalePackageTest, TheSettingNamesKindsInTheirIssueOrder) {
  EXPECT_EQ(ParsePackageKinds("all"), PackageKinds());
  EXPECT_EQ(ParsePackageKinds("none"), std::vector<std::string>{});
  EXPECT_EQ(ParsePackageKinds("checklist,Contract"),
            (std::vector<std::string>{kContractType, kChecklistType}));
  EXPECT_EQ(ParsePackageKinds("technical_manual,application,technical_manual"),
            (std::vector<std::string>{kApplicationType, kTechnicalManualType}));
  EXPECT_FALSE(ParsePackageKinds(""));
  EXPECT_FALSE(ParsePackageKinds("contract,"));
  EXPECT_FALSE(ParsePackageKinds("invoice"));
  EXPECT_FALSE(ParsePackageKinds("contract checklist"));
}

TEST(IssuerRulesTest, DraftKindsAreThePackagesKindsEachOnce) {
  v1::Issuer issuer = ValidIssuer();
  issuer.add_draft_kinds(v1::DOCUMENT_TYPE_CONTRACT);
  issuer.add_draft_kinds(v1::DOCUMENT_TYPE_TECHNICAL_MANUAL);
  EXPECT_THAT(Violations(RequestWith(issuer)), IsEmpty());
  v1::Issuer twice = issuer;
  twice.add_draft_kinds(v1::DOCUMENT_TYPE_CONTRACT);
  EXPECT_THAT(Violations(RequestWith(twice)), ElementsAre("issuer.draft_kinds"));
  for (const v1::DocumentType kind :
       {v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_ACT, v1::DOCUMENT_TYPE_UNSPECIFIED}) {
    v1::Issuer accounting = issuer;
    accounting.add_draft_kinds(kind);
    EXPECT_THAT(Violations(RequestWith(accounting)), ElementsAre("issuer.draft_kinds"))
        << v1::DocumentType_Name(kind);
  }
}

TEST(SalePackageTest, SequenceZeroComposesAnUnnumberedMarkedDraftWithoutAPaymentCode) {
  const v1::Issuer issuer = [] {
    v1::Issuer named = ValidIssuer();
    named.set_name("issuers/1");
    return named;
  }();
  const events::v1::SaleRecorded sale = ValidSale();
  const DocumentDraft invoice = ComposeInvoice(sale, issuer, kMarch15, 1, "documents/1");
  PackageBasis basis;
  basis.sale = &sale;
  basis.invoice = &invoice.issued;
  basis.issuer = &issuer;
  const DocumentDraft draft =
      ComposePackageDocument(kContractType, basis, kMarch15, 0, "documents/2");
  EXPECT_EQ(draft.view.number, "");
  EXPECT_EQ(draft.view.draft_mark, "ПРОЕКТ");
  EXPECT_TRUE(draft.view.payment_qr.empty());
  EXPECT_EQ(draft.issued.number(), "");
  EXPECT_EQ(draft.issued.sequence_number(), 0);
  EXPECT_EQ(draft.issued.file_name(), "contract-draft.pdf");
  const DocumentDraft issued =
      ComposePackageDocument(kContractType, basis, kMarch15, 3, "documents/2");
  EXPECT_EQ(issued.view.number, "2026-000003");
  EXPECT_EQ(issued.view.draft_mark, "");
  EXPECT_FALSE(issued.view.payment_qr.empty());
  EXPECT_EQ(issued.issued.file_name(), "contract-2026-000003.pdf");
  // The mark and the heading without a number are printed.
  const std::string text = testing::PdfText(RenderDocumentPdf(draft.view));
  EXPECT_THAT(text, HasSubstr("ПРОЕКТ"));
  EXPECT_THAT(text, HasSubstr("(проект) от 15.03.2026"));
}

TEST(SalePackageTest, FileNamesFollowTheKind) {
  EXPECT_EQ(PackageFileName(kContractType, "2026-000003"), "contract-2026-000003.pdf");
  EXPECT_EQ(PackageFileName(kMarketingManualType, "2026-000001"),
            "marketing-manual-2026-000001.pdf");
}

struct ChecklistFixture {
  events::v1::SaleRecorded sale;
  events::v1::DocumentIssued invoice;
  v1::Issuer issuer;
  PackageBasis basis;

  explicit ChecklistFixture(bool edition_dates) {
    sale.mutable_edition()->set_display_name("Волга-Строй 2026");
    if (edition_dates) {
      *sale.mutable_edition()->mutable_start_date() = common::api::ProtoDate(
          std::chrono::year{2026} / std::chrono::month{5} / std::chrono::day{18});
      *sale.mutable_edition()->mutable_end_date() = common::api::ProtoDate(
          std::chrono::year{2026} / std::chrono::month{5} / std::chrono::day{21});
    }
    invoice.set_number("2026-000007");
    *invoice.mutable_issue_date() = common::api::ProtoDate(
        std::chrono::year{2026} / std::chrono::month{4} / std::chrono::day{20});
    *invoice.mutable_payment_due_date() = common::api::ProtoDate(
        std::chrono::year{2026} / std::chrono::month{4} / std::chrono::day{25});
    invoice.mutable_total_amount()->set_currency_code("RUB");
    invoice.mutable_total_amount()->set_minor_units(12200000);
    basis.sale = &sale;
    basis.invoice = &invoice;
    basis.issuer = &issuer;
    basis.contract_number = "2026-000004";
    basis.contract_date = "20.04.2026";
  }
};

TEST(SalePackageTest, ChecklistDeadlinesCountBackFromTheOpeningAndPassedOnesAreDueAtOnce) {
  ChecklistFixture fixture(true);
  // Issued on 20.04.2026, four weeks before the opening: the catalogue (03.04) and the stand
  // design (18.04) deadlines have passed.
  const std::vector<ChecklistItem> items = ChecklistItems(
      fixture.basis, std::chrono::year{2026} / std::chrono::month{4} / std::chrono::day{20});
  std::vector<std::string> due;
  due.reserve(items.size());
  for (const ChecklistItem& item : items) {
    due.push_back(item.due_text);
  }
  EXPECT_THAT(
      due, ElementsAre("не позднее 25.04.2026",  // sign the contract: 5 days
                       "не позднее 25.04.2026",  // pay: the invoice's due date
                       "незамедлительно (срок 03.04.2026 прошёл)",
                       "незамедлительно (срок 18.04.2026 прошёл)", "не позднее 27.04.2026",
                       "не позднее 04.05.2026", "не позднее 16.05.2026", "не позднее 22.05.2026"));
  EXPECT_THAT(items[0].what, HasSubstr("договор № 2026-000004 от 20.04.2026"));
  EXPECT_THAT(items[1].what,
              HasSubstr("счёт № 2026-000007 от 20.04.2026 на сумму 122\u00a0000,00 руб."));
}

TEST(SalePackageTest, ChecklistWithoutTheEditionsDatesStatesTheRules) {
  ChecklistFixture fixture(false);
  const std::vector<ChecklistItem> items = ChecklistItems(
      fixture.basis, std::chrono::year{2026} / std::chrono::month{4} / std::chrono::day{20});
  ASSERT_EQ(items.size(), 8u);
  EXPECT_FALSE(items[2].due.has_value());
  EXPECT_EQ(items[2].due_text, "за 45 дней до открытия выставки");
  EXPECT_EQ(items[7].due_text, "на следующий день после закрытия выставки");
}

TEST(SalePackageTest, AnotherKindIsRefused) {
  ChecklistFixture fixture(true);
  EXPECT_THROW(
      ComposePackageDocument(kInvoiceType, fixture.basis,
                             std::chrono::year{2026} / std::chrono::month{4} / std::chrono::day{20},
                             1, "documents/x"),
      std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// УПД

// The УПД of `status` closing ValidSale(), number 3 of its series, the edition ended on 19 May.
DocumentDraft UpdOf(int status) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_director_position("Генеральный директор");
  const DocumentDraft invoice = ComposeInvoice(ValidSale(), issuer, kMarch15, 1,
                                               "documents/0f0e0d0c-0b0a-4908-8706-0504030201a0");
  const UpdBasis basis{
      .status = status,
      .invoice_number = invoice.issued.number(),
      .invoice_date = kMarch15,
      .rendered_date = {std::chrono::year{2026}, std::chrono::May, std::chrono::day{19}}};
  return ComposeUpd(invoice.issued, issuer, basis, kMay20, 3,
                    "documents/0f0e0d0c-0b0a-4908-8706-0504030201a3");
}

TEST(ComposeUkdTest, StatusTwoCorrectsTheTransferDocumentAndDashesWhatOnlyAVatInvoiceNeeds) {
  const DocumentDraft upd = UpdOf(2);
  events::v1::SaleRecorded amended = ValidSale();
  *amended.mutable_net_amount() = Rub(12500000);
  *amended.mutable_vat_amount() = Rub(2750000);
  *amended.mutable_total_amount() = Rub(15250000);
  amended.set_area_dm2(2500);
  const DocumentDraft after = ComposeInvoice(amended, ValidIssuer(), kMay20, 2,
                                             "documents/0f0e0d0c-0b0a-4908-8706-0504030201a5");
  const DocumentDraft ukd = ComposeUkd(upd.issued, upd.issued, after.issued, ValidIssuer(), 2,
                                       kMay20, 4, "documents/0f0e0d0c-0b0a-4908-8706-0504030201a6");
  EXPECT_EQ(ukd.issued.type(), "UKD");
  EXPECT_EQ(ukd.issued.number(), "УК-2026-000004");
  EXPECT_EQ(ukd.issued.corrects(), upd.issued.document());
  EXPECT_THAT(ukd.view.left_box, ::testing::Contains("Статус: 2"));
  ASSERT_FALSE(ukd.view.form_lines.empty());
  EXPECT_EQ(ukd.view.form_lines[0].label, "к передаточному документу №");
  EXPECT_EQ(ukd.view.form_lines[0].value.rfind("У-2026-000003 от 20.05.2026", 0), 0u);
  for (const FormLineView& line : ukd.view.form_lines) {
    if (line.code == "(1б)" || line.code == "(5)") {
      EXPECT_EQ(line.value, "—") << line.code;
    }
  }
  EXPECT_EQ(ComposeUkd(upd.issued, upd.issued, after.issued, ValidIssuer(), 1, kMay20, 4, "x")
                .view.form_lines[0]
                .label,
            "к счёту-фактуре (передаточному документу) №");
  EXPECT_THROW(ComposeUkd(upd.issued, upd.issued, after.issued, ValidIssuer(), 3, kMay20, 4, "x"),
               std::invalid_argument);
}

TEST(ComposeUpdTest, StatusOneIsTheVatInvoiceWithItsTransferPartInItsOwnSeries) {
  const DocumentDraft draft = UpdOf(1);
  const events::v1::DocumentIssued& e = draft.issued;
  EXPECT_EQ(e.type(), "UPD");
  EXPECT_EQ(e.number(), "У-2026-000003");
  EXPECT_EQ(e.sequence_number(), 3);
  EXPECT_EQ(e.file_name(), "upd-2026-000003.pdf");
  EXPECT_EQ(e.document(), "documents/0f0e0d0c-0b0a-4908-8706-0504030201a3");
  EXPECT_EQ(e.issue_date().day(), 20);
  EXPECT_EQ(e.total_amount().minor_units(), 12200000);
  EXPECT_FALSE(e.has_payment_due_date());
  const DocumentView& v = draft.view;
  EXPECT_EQ(v.orientation, PageOrientation::kLandscape);
  ASSERT_EQ(v.columns.size(), 19u);  // А, then the VAT invoice's 1 to 13
  EXPECT_EQ(v.columns[0].number, "А");
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows[0].size(), 19u);
  EXPECT_EQ(v.total_row.label_span, 8u);

  // The PDF as the buyer reads it: status, both parties, number and date, the line, VAT,
  // totals, the transfer part and the signatures.
  const std::string text = testing::PdfText(RenderDocumentPdf(v));
  for (const std::string_view expected :
       {"Универсальный", "Статус: 1", "1 — счёт-фактура и", "2 — передаточный документ (акт)",
        "ММВ-20-3/96@", "Счёт-фактура № У-2026-000003 от 20.05.2026 (1)",
        // The parties as the VAT invoice's lines (2)–(6б) name them (vat_form.h, read whole
        // by the VAT invoice's tests); the УПД names itself in (5а).
        "Продавец: ООО «Экспо-Волга» (2)", "ИНН/КПП продавца: 7707083893/773601001 (2б)",
        "Документ об отгрузке № п/п 1 № У-2026-000003 от 20.05.2026 (5а)",
        "Покупатель: ООО «СтройМаш» (6)", "Адрес: 101000, г. Москва, ул. Мясницкая, д. 1 (6а)",
        "ИНН/КПП покупателя: 7736050003/773601001 (6б)",
        "Валюта: наименование, код Российский рубль, 643 (7)",
        "А 1 1а 1б 2 2а 3 4 5 6 7 8 9 10 10а 11 12 12а 13", "площадь 20 м², стенд A-12",
        "055 м² 20 5 000,00 100 000,00", "22% 22 000,00 122 000,00 — — — — — —",
        "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00", "Руководитель организации или",
        "Волков А. В.", "Главный бухгалтер или иное", "Соколова Е. Н.",
        "Основание передачи (сдачи) / получения (приёмки):",
        "участие в выставке «Волга-Строй 2026», счёт на оплату № 2026-000001 от 15.03.2026 [8]",
        "Данные о транспортировке и грузе: — [9]",
        "Генеральный директор ________________ Волков А. В.", "[10]",
        "Дата отгрузки, передачи (сдачи): 19.05.2026", "[11]",
        "Ответственный за правильность оформления факта", "[13]",
        "ООО «Экспо-Волга», ИНН/КПП 7707083893/773601001", "[14]",
        "Товар (груз) получил / услуги, результаты работ, права", "[15]",
        "Дата получения (приёмки):", "[16]", "[17]", "[18]",
        "ООО «СтройМаш», ИНН/КПП 7736050003/773601001", "[19]"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(ComposeUpdTest, StatusTwoDashesWhatOnlyAVatInvoiceNeeds) {
  const DocumentDraft draft = UpdOf(2);
  EXPECT_EQ(draft.issued.number(), "У-2026-000003");
  const std::string text = testing::PdfText(RenderDocumentPdf(draft.view));
  for (const std::string_view expected :
       {"Статус: 2", "ИНН/КПП продавца: — (2б)", "К платёжно-расчётному документу № — (5)",
        "Документ об отгрузке № п/п — (5а)", "ИНН/КПП покупателя: — (6б)",
        "Продавец: ООО «Экспо-Волга» (2)", "Покупатель: ООО «СтройМаш» (6)",
        "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00",
        "ООО «Экспо-Волга», ИНН/КПП 7707083893/773601001"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("Статус: 1"), std::string::npos);
  EXPECT_THROW(UpdOf(3), std::invalid_argument);
}

TEST(IssuerRulesTest, ClosingDocumentsMustBeAKnownMode) {
  v1::Issuer issuer = ValidIssuer();
  for (const v1::ClosingDocuments mode :
       {v1::CLOSING_DOCUMENTS_UNSPECIFIED, v1::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE,
        v1::CLOSING_DOCUMENTS_UPD_STATUS_1, v1::CLOSING_DOCUMENTS_UPD_STATUS_2}) {
    issuer.set_closing_documents(mode);
    EXPECT_THAT(Violations(RequestWith(issuer)), IsEmpty()) << mode;
  }
  issuer.set_closing_documents(static_cast<v1::ClosingDocuments>(7));
  EXPECT_THAT(Violations(RequestWith(issuer)), ElementsAre("issuer.closing_documents"));
}

TEST(IssuerRulesTest, TheDirectorsGenitiveDeclinesTheDirectorsName) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_director("Дюма Александр Александрович");
  issuer.set_director_genitive("Дюма Александра Александровича");
  issuer.set_director_position_genitive("директора-распорядителя");
  EXPECT_THAT(Violations(RequestWith(issuer)), IsEmpty());
  issuer.set_director_genitive("Дюма  Александра");
  EXPECT_THAT(Violations(RequestWith(issuer)), ElementsAre("issuer.director_genitive"));
  issuer.set_director_genitive("Дюма Александра Александровича");
  issuer.set_director("");
  EXPECT_THAT(Violations(RequestWith(issuer)), ElementsAre("issuer.director_genitive"));
  issuer.set_director_genitive("");
  issuer.set_director_position_genitive(std::string(1001, 'x'));
  EXPECT_THAT(Violations(RequestWith(issuer)), ElementsAre("issuer.director_position_genitive"));
}

}  // namespace
}  // namespace crm::documents
