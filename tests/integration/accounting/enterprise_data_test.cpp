// The 1C exchange in its universal format (docs/accounting-enterprise-data.md) against a real
// PostgreSQL and nats-server: the test plays 1C by the documented protocol. It takes the CRM's
// numbered messages (RunExchange, and the exchange directory), finds the documents' objects under
// stable GUIDs, confirms them with its ReceivedNo, and sends back incoming payments
// (ReceiveExchangeMessage) that the CRM imports and matches once.

#include "services/accounting/domain/enterprise_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/core/ids.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/service.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"
#include "tests/unit/accounting/enterprise_data_test_events.h"

namespace crm::accounting {
namespace {

namespace fs = std::filesystem;
namespace v1 = crm::accounting::v1;
using common::auth::Role;
using crm::accounting::v1::AccountingService;
using crm::accounting::v1::ExchangeMessage;
using crm::accounting::v1::ExchangeStatus;
using crm::accounting::v1::GetExchangeStatusRequest;
using crm::accounting::v1::ReceiveExchangeMessageRequest;
using crm::accounting::v1::ReceiveExchangeMessageResponse;
using crm::accounting::v1::RunExchangeRequest;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kClientInn[] = "7736207543";

std::string Token(std::vector<Role> roles) {
  return crm::testing::TokenFor("employees/" + common::NewUuid(), std::move(roles));
}

events::v1::DocumentIssued Issued(const std::string& id, const std::string& type,
                                  const std::string& number, const std::string& sale,
                                  const std::string& client) {
  return exchange_test::ExchangedDocument(id, type, number, sale, client);
}

// An incoming payment as 1C writes it: payment order `number` of `amount` from АО «Ромашка».
std::string OneCPayment(const std::string& number, const std::string& amount,
                        const std::string& purpose) {
  return "<Документ.ПоступлениеБезналичныхДенежныхСредств><КлючевыеСвойства><Ссылка>" +
         common::NewUuid() + "</Ссылка><Дата>2026-03-02T10:00:00</Дата><Номер>00БП-" + number +
         "</Номер></КлючевыеСвойства><Контрагент><Наименование>Ромашка</Наименование><ИНН>" +
         kClientInn +
         "</ИНН><КПП>773601001</КПП></Контрагент><БанковскийСчетКонтрагента><НомерСчета>"
         "40702810500000000418</НомерСчета></БанковскийСчетКонтрагента>"
         "<БанковскийСчетОрганизации><НомерСчета>40702810900000012345</НомерСчета>"
         "</БанковскийСчетОрганизации><СуммаДокумента>" +
         amount + "</СуммаДокумента><НомерВходящегоДокумента>" + number +
         "</НомерВходящегоДокумента><ДатаВходящегоДокумента>2026-03-02T00:00:00"
         "</ДатаВходящегоДокумента><НазначениеПлатежа>" +
         purpose + "</НазначениеПлатежа></Документ.ПоступлениеБезналичныхДенежныхСредств>";
}

// 1C's message number `no` acknowledging the CRM's `received_no`, from node BP to node CRM.
std::string OneCMessage(int no, int64_t received_no, const std::string& body = "") {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message xmlns:msg=\"") +
         domain::kExchangeMessageNamespace + "\"><msg:Header><msg:Format>" +
         domain::kEnterpriseDataNamespace +
         "</msg:Format><msg:CreationDate>2026-03-02T18:00:00</msg:CreationDate>"
         "<msg:Confirmation><msg:ExchangePlan>" +
         domain::kExchangePlan +
         "</msg:ExchangePlan><msg:To>CRM</msg:To><msg:From>BP</msg:From><msg:MessageNo>" +
         std::to_string(no) + "</msg:MessageNo><msg:ReceivedNo>" + std::to_string(received_no) +
         "</msg:ReceivedNo></msg:Confirmation><msg:AvailableVersion>" +
         domain::kEnterpriseDataVersion + "</msg:AvailableVersion></msg:Header><Body xmlns=\"" +
         domain::kEnterpriseDataNamespace + "\">" + body + "</Body></Message>";
}

// A supplier's services as 1C books them (Документ.ПоступлениеТоваровУслуг), amounts with VAT:
// `lines` of {СтатьяЗатрат, Сумма, СуммаНДС}, for the Подразделение `division`.
struct CostLine {
  std::string item;
  std::string amount;
  std::string vat;
};
std::string OneCCostDocument(const std::string& ref, const std::string& number,
                             const std::string& division, const std::vector<CostLine>& lines) {
  std::string xml = "<Документ.ПоступлениеТоваровУслуг><КлючевыеСвойства><Ссылка>" + ref +
                    "</Ссылка><Дата>2026-02-10T12:00:00</Дата><Номер>" + number +
                    "</Номер></КлючевыеСвойства><Контрагент><Наименование>Экспострой"
                    "</Наименование><ИНН>7701234567</ИНН></Контрагент><Подразделение>"
                    "<Наименование>" +
                    division +
                    "</Наименование></Подразделение><СуммаВключаетНДС>true</СуммаВключаетНДС>"
                    "<Услуги>";
  for (const CostLine& line : lines) {
    xml += "<Строка><ДанныеНоменклатуры><Номенклатура><Наименование>Услуги " + line.item +
           "</Наименование></Номенклатура></ДанныеНоменклатуры><Сумма>" + line.amount +
           "</Сумма><СтавкаНДС>НДС20</СтавкаНДС><СуммаНДС>" + line.vat +
           "</СуммаНДС><СтатьяЗатрат><Наименование>" + line.item +
           "</Наименование></СтатьяЗатрат></Строка>";
  }
  return xml + "</Услуги></Документ.ПоступлениеТоваровУслуг>";
}

// 1C deleted the cost document `ref`.
std::string OneCCostDeletion(const std::string& ref) {
  return "<УдалениеОбъекта><СсылкаНаОбъект><СсылкаНаОбъект.Документ.ПоступлениеТоваровУслуг>"
         "<Ссылка>" +
         ref +
         "</Ссылка></СсылкаНаОбъект.Документ.ПоступлениеТоваровУслуг></СсылкаНаОбъект>"
         "</УдалениеОбъекта>";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class EnterpriseDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("accounting");
    nats_ = crm::testing::TestEnvironment::Get().FreshNats();
    // No worker: the test runs every exchange itself.
    Start({{"CRM_ACCOUNTING_EXCHANGE_INTERVAL_MS", "0"}});
  }

  void TearDown() override { server_.reset(); }

  void Start(std::map<std::string, std::string> settings) {
    server_.reset();
    settings["CRM_EXCHANGE_DIR"] = exchange().string();
    server_ = std::make_unique<crm::testing::RunningService>(Definition(), url_, nats_,
                                                             std::move(settings));
    stub_ = AccountingService::NewStub(server_->channel());
  }

  fs::path exchange() const { return scratch_.path() / "exchange"; }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  void Publish(const events::v1::DocumentIssued& ev) {
    crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), ev,
                               ev.document());
  }

  void WaitProcessed(uint64_t events) {
    ASSERT_TRUE(
        crm::testing::Eventually([&] { return server_->consumer().processed() >= events; }));
  }

  grpc::Status Run(ExchangeMessage* out, const std::string& token = Token({Role::kAccountant}),
                   bool only_if_pending = false) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    RunExchangeRequest request;
    request.set_only_if_pending(only_if_pending);
    return stub_->RunExchange(&ctx, request, out);
  }

  grpc::Status Receive(const std::string& content, ReceiveExchangeMessageResponse* out,
                       const std::string& token = Token({Role::kService})) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    ReceiveExchangeMessageRequest request;
    request.set_content(content);
    request.set_file_name("Message_BP_CRM.xml");
    return stub_->ReceiveExchangeMessage(&ctx, request, out);
  }

  grpc::Status Status(ExchangeStatus* out, const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetExchangeStatus(&ctx, GetExchangeStatusRequest(), out);
  }

  // An edition accounting knows, by registry's edition.updated: "Стройэкспо 2026".
  std::string KnownEdition() {
    std::string edition = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
    events::v1::EditionUpdated updated;
    updated.mutable_edition()->set_edition(edition);
    updated.mutable_edition()->set_display_name("Стройэкспо 2026");
    updated.mutable_edition()->set_project_display_name("Стройэкспо");
    updated.mutable_edition()->set_venue("Экспоцентр");
    updated.mutable_edition()->set_project("projects/p");
    updated.mutable_edition()->mutable_start_date()->set_year(2026);
    updated.mutable_edition()->mutable_start_date()->set_month(3);
    updated.mutable_edition()->mutable_start_date()->set_day(24);
    updated.mutable_edition()->mutable_end_date()->set_year(2026);
    updated.mutable_edition()->mutable_end_date()->set_month(3);
    updated.mutable_edition()->mutable_end_date()->set_day(27);
    updated.set_status("open_for_sales");
    crm::testing::PublishEvent(nats_, events::v1::kEditionUpdated, common::NewUuid(), updated,
                               edition);
    EXPECT_TRUE(crm::testing::Eventually([&] {
      return Count("SELECT count(*) FROM editions WHERE name = '" + edition + "'") == 1;
    }));
    return edition;
  }

  v1::ListBudgetCostsResponse Costs(const std::string& parent, bool unassigned,
                                    bool show_deleted = false) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, Token({Role::kAccountant}));
    v1::ListBudgetCostsRequest request;
    request.set_parent(parent);
    request.set_unassigned(unassigned);
    request.set_show_deleted(show_deleted);
    v1::ListBudgetCostsResponse out;
    const grpc::Status status = stub_->ListBudgetCosts(&ctx, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The cost of line `line` of 1C's cost document numbered `number` in `page`.
  static v1::BudgetCost CostOf(const v1::ListBudgetCostsResponse& page, const std::string& number,
                               int line) {
    for (const v1::BudgetCost& cost : page.budget_costs()) {
      if (cost.one_c_document().find("№ " + number + " ") != std::string::npos &&
          cost.one_c_line() == line) {
        return cost;
      }
    }
    ADD_FAILURE() << "no cost of line " << line << " of " << number;
    return {};
  }

  // The edition's costs in the budget's fact, in kopecks.
  int64_t FactCosts(const std::string& edition) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, Token({Role::kAnalyst}));
    v1::GetBudgetReportRequest request;
    request.set_name(edition + "/budget");
    v1::BudgetReport report;
    EXPECT_TRUE(stub_->GetBudgetReport(&ctx, request, &report).ok());
    return report.total().costs().fact().minor_units();
  }

  // Reads the CRM's message as 1C does (from CRM to BP).
  static domain::InboundMessage AsOneC(const ExchangeMessage& message) {
    return domain::ParseMessage(message.content(), "BP", "CRM");
  }

  crm::testing::TempDir scratch_{"crm-accounting-ed-test"};
  std::string url_;
  std::string nats_;
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<AccountingService::Stub> stub_;
};

TEST_F(EnterpriseDataTest, OneCTakesTheMessagesConfirmsThemAndSendsPaymentsBack) {
  const std::string sale = "sales/" + common::NewUuid();
  const std::string client = "clients/" + common::NewUuid();
  const std::string contract = common::NewUuid();
  const std::string invoice = common::NewUuid();
  const std::string act = common::NewUuid();
  const std::string vat_invoice = common::NewUuid();
  Publish(Issued(contract, "CONTRACT", "Д-2026-017", sale, client));
  Publish(Issued(invoice, "INVOICE", "2026-000007", sale, client));
  Publish(Issued(act, "ACT", "2026-000101", sale, client));
  Publish(Issued(vat_invoice, "VAT_INVOICE", "2026-000102", sale, client));
  WaitProcessed(4);

  // Message 1: counterparty, bank account, contract, nomenclature and the three documents.
  ExchangeMessage first;
  ASSERT_TRUE(Run(&first).ok());
  EXPECT_EQ(first.message_no(), 1);
  EXPECT_EQ(first.received_no(), 0);
  EXPECT_EQ(first.file_name(), "Message_CRM_BP.xml");
  EXPECT_EQ(first.object_count(), 7);
  EXPECT_EQ(ReadFile(exchange() / "Message_CRM_BP.xml"), first.content());
  const domain::InboundMessage read = AsOneC(first);
  EXPECT_EQ(read.header.message_no, 1);
  EXPECT_EQ(read.other_objects, 7);
  const std::string& xml = first.content();
  for (const char* type : {"<Справочник.Контрагенты>", "<Справочник.Договоры>",
                           "<Справочник.БанковскиеСчета>", "<Документ.СчетНаОплатуПокупателю>",
                           "<Документ.РеализацияТоваровУслуг>", "<Документ.СчетФактураВыданный>"}) {
    EXPECT_THAT(xml, HasSubstr(type));
  }
  const std::string invoice_ref = domain::ObjectRef("documents/" + invoice);
  EXPECT_THAT(xml, HasSubstr("<Ссылка>" + invoice_ref + "</Ссылка>"));
  EXPECT_THAT(xml, HasSubstr("<Ссылка>" + domain::ObjectRef(client) + "</Ссылка>"));
  EXPECT_THAT(xml, HasSubstr("<Ссылка>" + domain::ObjectRef(sale + "/contract") + "</Ссылка>"));
  EXPECT_THAT(xml, HasSubstr("<Номер>Д-2026-017</Номер>"));  // the contract document's number

  // Not confirmed yet: the next run sends everything again.
  ExchangeMessage second;
  ASSERT_TRUE(Run(&second).ok());
  EXPECT_EQ(second.message_no(), 2);
  EXPECT_EQ(second.object_count(), 7);

  // 1C loaded message 2 and sends its first message: the invoice paid.
  ReceiveExchangeMessageResponse applied;
  const std::string payment = OneCPayment("418", "148840.00", "Оплата по счету № 2026-000007");
  ASSERT_TRUE(Receive(OneCMessage(1, 2, payment), &applied).ok());
  EXPECT_FALSE(applied.ignored());
  EXPECT_EQ(applied.message_no(), 1);
  EXPECT_EQ(applied.payment_count(), 1);
  EXPECT_EQ(applied.imported_count(), 1);
  EXPECT_EQ(applied.confirmed_count(), 7);
  ASSERT_EQ(applied.payments_size(), 1);
  EXPECT_EQ(Count("SELECT paid_kopecks FROM invoices WHERE document_id = '" + invoice + "'"),
            14884000);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_allocations a JOIN payments p ON p.id = "
                  "a.payment_id WHERE p.number = '418' AND a.invoice_id = '" +
                  invoice + "'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE subject = 'crm.accounting.invoice.paid'"), 1);

  // Confirmed: nothing is repeated; the message acknowledges 1C's.
  ExchangeMessage third;
  ASSERT_TRUE(Run(&third).ok());
  EXPECT_EQ(third.message_no(), 3);
  EXPECT_EQ(third.received_no(), 1);
  EXPECT_EQ(third.object_count(), 0);
  ExchangeMessage nothing;
  ASSERT_TRUE(Run(&nothing, Token({Role::kService}), true).ok());
  EXPECT_EQ(nothing.message_no(), 0);

  // The sale is cancelled: the invoice's deletion names the same GUID.
  events::v1::DocumentAnnulled annulled;
  annulled.set_document("documents/" + invoice);
  annulled.set_type("INVOICE");
  annulled.set_number("2026-000007");
  annulled.set_sale(sale);
  annulled.set_reason("Клиент отказался от участия");
  annulled.set_annulled_by("employees/" + common::NewUuid());
  annulled.mutable_annul_time()->set_seconds(1772404200);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  WaitProcessed(5);
  ExchangeMessage fourth;
  ASSERT_TRUE(Run(&fourth).ok());
  EXPECT_EQ(fourth.message_no(), 4);
  EXPECT_EQ(fourth.object_count(), 1);
  EXPECT_THAT(fourth.content(), HasSubstr("<УдалениеОбъекта>"));
  EXPECT_THAT(fourth.content(), HasSubstr("<Ссылка>" + invoice_ref + "</Ссылка>"));
  EXPECT_THAT(fourth.content(), Not(HasSubstr("<Справочник.Контрагенты>")));

  // 1C confirms only message 3: the deletion goes again.
  ASSERT_TRUE(Receive(OneCMessage(2, 3), &applied).ok());
  EXPECT_EQ(applied.confirmed_count(), 0);
  ExchangeMessage fifth;
  ASSERT_TRUE(Run(&fifth).ok());
  EXPECT_EQ(fifth.message_no(), 5);
  EXPECT_EQ(fifth.received_no(), 2);
  EXPECT_EQ(fifth.object_count(), 1);
  EXPECT_THAT(fifth.content(), HasSubstr("<Ссылка>" + invoice_ref + "</Ссылка>"));

  // 1C's next message brings the same payment again: known, imported once.
  ASSERT_TRUE(Receive(OneCMessage(3, 5, payment), &applied).ok());
  EXPECT_FALSE(applied.ignored());
  EXPECT_EQ(applied.imported_count(), 0);
  EXPECT_EQ(applied.duplicate_count(), 1);
  EXPECT_EQ(applied.confirmed_count(), 1);
  // The same message twice: ignored.
  ASSERT_TRUE(Receive(OneCMessage(3, 5, payment), &applied).ok());
  EXPECT_TRUE(applied.ignored());
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE subject = 'crm.accounting.invoice.paid'"), 1);

  ExchangeStatus status;
  ASSERT_TRUE(Status(&status).ok());
  EXPECT_EQ(status.format(), "enterprise_data");
  EXPECT_EQ(status.format_version(), "1.8");
  EXPECT_EQ(status.last_sent_no(), 5);
  EXPECT_EQ(status.last_received_no(), 3);
  EXPECT_EQ(status.confirmed_no(), 5);
  EXPECT_EQ(status.pending_count(), 0);
  EXPECT_EQ(status.unconfirmed_count(), 0);

  // 1C sends the organiser's costs: services received for the edition (its Подразделение), one
  // for a Подразделение no edition is known by, one of a cost item not in the mapping.
  const std::string edition = KnownEdition();
  const std::string rent = common::NewUuid();
  const std::string elsewhere = common::NewUuid();
  const std::string gifts = common::NewUuid();
  const std::string costs =
      OneCCostDocument(rent, "0000-000012", "Стройэкспо 2026",
                       {{"Аренда выставочных площадей", "1200000.00", "200000.00"},
                        {"Реклама", "60000.00", "10000.00"}}) +
      OneCCostDocument(elsewhere, "0000-000013", "Неизвестная выставка",
                       {{"Реклама", "12000.00", "2000.00"}}) +
      OneCCostDocument(gifts, "0000-000014", "Стройэкспо 2026",
                       {{"Представительские расходы", "6000.00", "1000.00"}});
  ASSERT_TRUE(Receive(OneCMessage(4, 5, costs), &applied).ok());
  EXPECT_FALSE(applied.ignored());
  // Net of VAT: 1 000 000 + 50 000 roubles; the unassigned ones stay out of the fact.
  EXPECT_EQ(FactCosts(edition), 105000000);
  const v1::ListBudgetCostsResponse of_edition = Costs(edition + "/budget", false);
  ASSERT_EQ(of_edition.budget_costs_size(), 3);
  const v1::BudgetCost first_cost = CostOf(of_edition, "0000-000012", 1);
  EXPECT_EQ(first_cost.source(), v1::BUDGET_COST_SOURCE_ONE_C);
  EXPECT_EQ(first_cost.article(), v1::BUDGET_COST_ARTICLE_VENUE_RENT);
  EXPECT_EQ(first_cost.month(), "2026-02");
  EXPECT_EQ(first_cost.amount().minor_units(), 100000000);
  EXPECT_EQ(first_cost.one_c_document(),
            "ПоступлениеТоваровУслуг № 0000-000012 от 2026-02-10, Экспострой");
  EXPECT_EQ(first_cost.description(), "Услуги Аренда выставочных площадей");
  EXPECT_FALSE(first_cost.unassigned());
  EXPECT_EQ(CostOf(of_edition, "0000-000012", 2).article(), v1::BUDGET_COST_ARTICLE_ADVERTISING);
  // 1C changes and deletes its costs, not the accountants.
  {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, Token({Role::kAccountant}));
    v1::DeleteBudgetCostRequest request;
    request.set_name(first_cost.name());
    request.set_etag(first_cost.etag());
    v1::BudgetCost refused;
    EXPECT_EQ(stub_->DeleteBudgetCost(&ctx, request, &refused).error_code(),
              grpc::FAILED_PRECONDITION);
  }
  const v1::ListBudgetCostsResponse unassigned = Costs("projects/-/editions/-/budget", true);
  ASSERT_EQ(unassigned.budget_costs_size(), 2);
  const v1::BudgetCost no_edition = CostOf(unassigned, "0000-000013", 1);
  EXPECT_THAT(no_edition.name(), ::testing::StartsWith("projects/-/editions/-/budget/costs/"));
  EXPECT_EQ(no_edition.one_c_division(), "Неизвестная выставка");
  EXPECT_EQ(no_edition.amount().minor_units(), 1000000);
  EXPECT_TRUE(no_edition.unassigned());
  const v1::BudgetCost no_article = CostOf(unassigned, "0000-000014", 1);
  EXPECT_EQ(no_article.one_c_cost_item(), "Представительские расходы");
  EXPECT_EQ(no_article.article(), v1::BUDGET_COST_ARTICLE_UNSPECIFIED);
  EXPECT_THAT(no_article.name(), ::testing::StartsWith(edition + "/budget/"));
  EXPECT_TRUE(no_article.unassigned());
  EXPECT_EQ(Costs(edition + "/budget", true).budget_costs_size(), 1);

  // Sent again: stored once, nothing changes.
  const std::string versions = "SELECT sum(version) FROM budget_costs";
  const int64_t before = Count(versions);
  ASSERT_TRUE(Receive(OneCMessage(5, 5, costs), &applied).ok());
  EXPECT_FALSE(applied.ignored());
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 4);
  EXPECT_EQ(Count(versions), before);
  EXPECT_EQ(FactCosts(edition), 105000000);

  // 1C deletes the rent's document: its costs leave the fact and are listed as deleted.
  ASSERT_TRUE(Receive(OneCMessage(6, 5, OneCCostDeletion(rent)), &applied).ok());
  EXPECT_EQ(FactCosts(edition), 0);
  EXPECT_EQ(Costs(edition + "/budget", false).budget_costs_size(), 1);
  const v1::ListBudgetCostsResponse with_deleted = Costs(edition + "/budget", false, true);
  ASSERT_EQ(with_deleted.budget_costs_size(), 3);
  EXPECT_TRUE(CostOf(with_deleted, "0000-000012", 1).has_delete_time());
  EXPECT_TRUE(CostOf(with_deleted, "0000-000012", 2).has_delete_time());
  EXPECT_FALSE(CostOf(with_deleted, "0000-000014", 1).has_delete_time());
}

TEST_F(EnterpriseDataTest, AnAmendedDocumentUpdatesTheSameObjectsAndDeletesTheReplacedOne) {
  const std::string sale = "sales/" + common::NewUuid();
  const std::string client = "clients/" + common::NewUuid();
  const std::string first = common::NewUuid();
  Publish(Issued(first, "INVOICE", "2026-000007", sale, client));
  WaitProcessed(1);
  ExchangeMessage sent;
  ASSERT_TRUE(Run(&sent).ok());
  ReceiveExchangeMessageResponse applied;
  ASSERT_TRUE(Receive(OneCMessage(1, sent.message_no()), &applied).ok());

  // The sale was amended: a new invoice replaces the first, the client's name changed.
  const std::string second = common::NewUuid();
  auto replacing = Issued(second, "INVOICE", "2026-000009", sale, client);
  replacing.set_replaces("documents/" + first);
  replacing.mutable_client()->set_legal_name("АО «Ромашка и партнёры»");
  Publish(replacing);
  WaitProcessed(2);
  ExchangeMessage amended;
  ASSERT_TRUE(Run(&amended).ok());
  // The counterparty under the same GUID with its new name, the new invoice, the old one deleted.
  EXPECT_THAT(amended.content(), HasSubstr("АО «Ромашка и партнёры»"));
  EXPECT_THAT(amended.content(), HasSubstr("<Ссылка>" + domain::ObjectRef(client) + "</Ссылка>"));
  EXPECT_THAT(amended.content(),
              HasSubstr("<Ссылка>" + domain::ObjectRef("documents/" + second) + "</Ссылка>"));
  EXPECT_THAT(amended.content(), HasSubstr("<УдалениеОбъекта>"));
  EXPECT_THAT(amended.content(),
              HasSubstr("<Ссылка>" + domain::ObjectRef("documents/" + first) + "</Ссылка>"));
  // The contract, named again by the new invoice, was confirmed and has not changed.
  EXPECT_EQ(AsOneC(amended).other_objects, amended.object_count());
  EXPECT_THAT(amended.content(), Not(HasSubstr("<Справочник.Договоры>")));
}

TEST_F(EnterpriseDataTest, AMessageThatCannotBeTakenIsRefusedAndNothingApplied) {
  const std::string payment = OneCPayment("418", "148840.00", "Оплата по счету № 2026-000007");
  std::string wrong_namespace = OneCMessage(1, 0, payment);
  for (std::size_t at = wrong_namespace.find("EnterpriseData/1.8"); at != std::string::npos;
       at = wrong_namespace.find("EnterpriseData/1.8")) {
    wrong_namespace.replace(at, 18, "EnterpriseData/1.6");
  }
  const std::string whole = OneCMessage(1, 0, payment);
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"", "required"},
      {"PK\x03\x04 not a zip", "not a zip archive"},
      {"<Message> not xml", "not well-formed"},
      {whole.substr(0, whole.size() - 40), "not well-formed"},
      {wrong_namespace, "Format"},
      {"<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
       "\"&a;&a;&a;&a;&a;&a;&a;&a;\">]><Message>&b;</Message>",
       "DOCTYPE"},
      {OneCMessage(1, 0, OneCPayment("419", "-1", "x")), "СуммаДокумента"},
      {OneCMessage(1, 0, OneCCostDocument("not-a-guid", "1", "Стройэкспо 2026", {})), "Ссылка"},
      {OneCMessage(1, 0,
                   OneCCostDocument(common::NewUuid(), "1", "Стройэкспо 2026",
                                    {{"Реклама", "100.00", "200.00"}})),
       "СуммаНДС"},
      {OneCMessage(
           1, 0,
           OneCCostDocument(common::NewUuid(), "1", "Стройэкспо 2026", {{"Реклама", "сто", "0"}})),
       "Сумма"},
      {OneCMessage(1, 0, OneCCostDocument(common::NewUuid(), "1", std::string(501, 'x'), {})),
       "longer than 500"},
  };
  for (const auto& [content, why] : hostile) {
    ReceiveExchangeMessageResponse out;
    const grpc::Status status = Receive(content, &out, Token({Role::kAccountant}));
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << why;
    EXPECT_THAT(status.error_message() + status.error_details(), HasSubstr(why));
  }
  ExchangeStatus status;
  ASSERT_TRUE(Status(&status).ok());
  EXPECT_EQ(status.last_received_no(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange_messages"), 0);
}

TEST_F(EnterpriseDataTest, OnlyAccountantsAndTheServiceRoleExchange) {
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst}) {
    ExchangeMessage sent;
    EXPECT_EQ(Run(&sent, Token({role})).error_code(), grpc::PERMISSION_DENIED);
    ReceiveExchangeMessageResponse out;
    EXPECT_EQ(Receive(OneCMessage(1, 0), &out, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
    ExchangeStatus status;
    EXPECT_EQ(Status(&status, Token({role})).error_code(), grpc::PERMISSION_DENIED);
  }
  ReceiveExchangeMessageResponse out;
  EXPECT_EQ(Receive(OneCMessage(1, 0), &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT last_sent_no + last_received_no FROM exchange_state"), 0);
  ExchangeStatus status;
  EXPECT_TRUE(Status(&status, Token({Role::kService})).ok());
}

TEST_F(EnterpriseDataTest, TheWorkerExchangesThroughTheDirectory) {
  Start({{"CRM_ACCOUNTING_EXCHANGE_INTERVAL_MS", "50"}});
  const std::string sale = "sales/" + common::NewUuid();
  const std::string invoice = common::NewUuid();
  Publish(Issued(invoice, "INVOICE", "2026-000007", sale, "clients/" + common::NewUuid()));
  const fs::path ours = exchange() / "Message_CRM_BP.xml";
  ASSERT_TRUE(crm::testing::Eventually([&] { return fs::exists(ours); }));
  EXPECT_THAT(ReadFile(ours), HasSubstr(domain::ObjectRef("documents/" + invoice)));
  // Unconfirmed objects wait for 1C's answer: the worker does not write them again every turn.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Count("SELECT last_sent_no FROM exchange_state"), 1);

  // 1C drops its message as its directory exchange does: written aside, then renamed.
  const auto drop = [&](const std::string& name, const std::string& content) {
    std::ofstream(exchange() / ("." + name), std::ios::binary) << content;
    fs::rename(exchange() / ("." + name), exchange() / name);
  };
  drop("Message_BP_CRM.xml",
       OneCMessage(1, 1, OneCPayment("418", "148840.00", "Оплата по счету № 2026-000007")));
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return !fs::exists(exchange() / "Message_BP_CRM.xml") &&
           Count("SELECT last_received_no FROM exchange_state") == 1;
  }));
  EXPECT_EQ(Count("SELECT paid_kopecks FROM invoices WHERE document_id = '" + invoice + "'"),
            14884000);
  // The acknowledgement goes back in the next message, and nothing unconfirmed is left.
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return ReadFile(ours).find("<msg:ReceivedNo>1</msg:ReceivedNo>") != std::string::npos;
  }));
  EXPECT_EQ(Count("SELECT count(*) FROM exchange_objects WHERE sent_in IS NULL OR sent_in > 1"), 0);

  // 1C's next message, zipped as 1C compresses it: taken the same way.
  drop("Message_BP_CRM.zip", exchange_test::Zip({{"Message_BP_CRM.xml", OneCMessage(2, 1)}}));
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return !fs::exists(exchange() / "Message_BP_CRM.zip") &&
           Count("SELECT last_received_no FROM exchange_state") == 2;
  }));

  // Garbage and a zip bomb are set aside with the reason.
  drop("Message_BP_CRM.xml", "<Message>");
  drop("Message_BP_CRM.zip",
       exchange_test::Zip(
           {{"Message_BP_CRM.xml", OneCMessage(3, 1) + std::string(std::size_t{40} << 20, ' ')}}));
  const fs::path rejected = exchange() / "rejected";
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return fs::exists(rejected) &&
           std::distance(fs::directory_iterator(rejected), fs::directory_iterator()) == 4;
  }));
  std::string errors;
  for (const auto& entry : fs::directory_iterator(rejected)) {
    if (entry.path().extension() == ".txt") {
      errors += ReadFile(entry.path());
    }
  }
  EXPECT_THAT(errors, HasSubstr("not well-formed"));
  EXPECT_THAT(errors, HasSubstr("too large"));
  EXPECT_EQ(Count("SELECT last_received_no FROM exchange_state"), 2);
}

TEST_F(EnterpriseDataTest, TheJsonModeHasNoMessages) {
  Start({{"CRM_ACCOUNTING_EXCHANGE_FORMAT", "json"}});
  ExchangeMessage sent;
  EXPECT_EQ(Run(&sent).error_code(), grpc::FAILED_PRECONDITION);
  ReceiveExchangeMessageResponse out;
  EXPECT_EQ(Receive(OneCMessage(1, 0), &out).error_code(), grpc::FAILED_PRECONDITION);
  ExchangeStatus status;
  ASSERT_TRUE(Status(&status).ok());
  EXPECT_EQ(status.format(), "json");
}

// АО «Ромашка» as registry publishes it, with an account at Сбербанк named `sber_bank_name` and,
// when `with_tbank`, one at Т-Банк.
events::v1::ClientSnapshot Romashka(const std::string& client, const std::string& sber_bank_name,
                                    bool with_tbank) {
  events::v1::ClientSnapshot snapshot;
  snapshot.set_client(client);
  snapshot.set_display_name("Ромашка");
  snapshot.set_legal_name("АО «Ромашка»");
  snapshot.set_inn(kClientInn);
  snapshot.set_kpp("773601001");
  snapshot.add_phones("+7 495 000-00-00");  // not kept by accounting
  auto* sber = snapshot.add_bank_accounts();
  sber->set_bik("044525225");
  sber->set_account("40702810938000012345");
  sber->set_correspondent_account("30101810400000000225");
  sber->set_bank_name(sber_bank_name);
  if (with_tbank) {
    auto* tbank = snapshot.add_bank_accounts();
    tbank->set_bik("044525974");
    tbank->set_account("40702810800000001234");
  }
  return snapshot;
}

TEST_F(EnterpriseDataTest, ACounterpartysBankAccountsGoWithItAndAgainWhenTheyChange) {
  const std::string id = common::NewUuid();
  const std::string client = "clients/" + id;
  const std::string sber_ref = domain::ObjectRef(client + "/bankAccounts/40702810938000012345");
  const std::string tbank_ref = domain::ObjectRef(client + "/bankAccounts/40702810800000001234");
  const auto at = [&client](const std::string& time) {
    return crm::testing::PublishOptions{client, "", time};
  };
  // The clients' consumer is accounting's fourth (events/handlers.cpp's Subscriptions).
  const auto clients_processed = [this](uint64_t events) {
    ASSERT_TRUE(
        crm::testing::Eventually([&] { return server_->consumer(3).processed() >= events; }));
  };
  events::v1::ClientCreated created;
  *created.mutable_client() = Romashka(client, "ПАО Сбербанк", true);
  crm::testing::PublishEvent(nats_, events::v1::kClientCreated, common::NewUuid(), created,
                             at("2026-11-20T10:00:00Z"));
  clients_processed(1);
  const std::string copy =
      "SELECT jsonb_array_length(requisites->'bankAccounts') "
      "FROM client_requisites WHERE id = '" +
      id + "'";
  EXPECT_EQ(Count(copy), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM client_requisites WHERE requisites ? 'phones'"), 0);
  // Not a counterparty in 1C yet: its accounts wait for it.
  EXPECT_EQ(Count("SELECT count(*) FROM exchange_objects"), 0);

  Publish(
      Issued(common::NewUuid(), "INVOICE", "2026-000007", "sales/" + common::NewUuid(), client));
  WaitProcessed(1);
  ExchangeMessage first;
  ASSERT_TRUE(Run(&first).ok());
  // Counterparty, its two accounts, the organisation's account, contract, nomenclature, invoice.
  EXPECT_EQ(first.object_count(), 7);
  std::vector<exchange_test::BankAccountObject> theirs;
  for (auto& account : exchange_test::BankAccountObjects(first.content())) {
    if (account.owner_kind == "Контрагент") {
      theirs.push_back(std::move(account));
    }
  }
  ASSERT_EQ(theirs.size(), 2U);
  EXPECT_EQ(theirs[0].ref, sber_ref);
  EXPECT_EQ(theirs[0].number, "40702810938000012345");
  EXPECT_EQ(theirs[0].bik, "044525225");
  EXPECT_EQ(theirs[0].correspondent_account, "30101810400000000225");
  EXPECT_EQ(theirs[0].bank_name, "ПАО Сбербанк");
  EXPECT_EQ(theirs[0].owner_ref, domain::ObjectRef(client));
  EXPECT_EQ(theirs[0].owner_inn, kClientInn);
  EXPECT_EQ(theirs[1].ref, tbank_ref);
  EXPECT_EQ(theirs[1].bik, "044525974");
  ReceiveExchangeMessageResponse applied;
  ASSERT_TRUE(Receive(OneCMessage(1, 1), &applied).ok());
  EXPECT_EQ(applied.confirmed_count(), 7);

  // The bank renamed, the Т-Банк account closed; then an older snapshot arrives late.
  events::v1::ClientUpdated updated;
  *updated.mutable_client() = Romashka(client, "ПАО Сбербанк, Московский банк", false);
  crm::testing::PublishEvent(nats_, events::v1::kClientUpdated, common::NewUuid(), updated,
                             at("2026-11-28T10:00:00Z"));
  events::v1::ClientUpdated stale;
  *stale.mutable_client() = Romashka(client, "ПАО Сбербанк", true);
  crm::testing::PublishEvent(nats_, events::v1::kClientUpdated, common::NewUuid(), stale,
                             at("2026-11-27T10:00:00Z"));
  clients_processed(3);
  EXPECT_EQ(Count(copy), 1);

  ExchangeMessage second;
  ASSERT_TRUE(Run(&second).ok());
  EXPECT_EQ(second.object_count(), 2);
  const auto changed = exchange_test::BankAccountObjects(second.content());
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].ref, sber_ref);
  EXPECT_EQ(changed[0].bank_name, "ПАО Сбербанк, Московский банк");
  EXPECT_EQ(changed[0].owner_ref, domain::ObjectRef(client));
  EXPECT_THAT(exchange_test::DeletedBankAccountRefs(second.content()),
              ::testing::ElementsAre(tbank_ref));
  EXPECT_THAT(second.content(), Not(HasSubstr("<Справочник.Контрагенты>")));

  // A change of what accounting does not keep queues nothing for 1C.
  updated.mutable_client()->add_phones("+7 495 111-11-11");
  crm::testing::PublishEvent(nats_, events::v1::kClientUpdated, common::NewUuid(), updated,
                             at("2026-11-29T10:00:00Z"));
  clients_processed(4);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange_objects WHERE sent_in IS NULL"), 0);
}

}  // namespace
}  // namespace crm::accounting
