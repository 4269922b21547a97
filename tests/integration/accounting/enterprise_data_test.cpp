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
