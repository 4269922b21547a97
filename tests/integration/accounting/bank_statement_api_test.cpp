// Bank statements and payments against a real PostgreSQL and nats-server: ImportBankStatement,
// GetPayment and ListPayments on statement files written from the 1CClientBankExchange 1.03
// description (tests/unit/accounting/statements), accounting's copy of issued invoices kept
// from documents' events, the overdue job (invoice.overdue) and GetReceivables.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/code_page.h"
#include "common/core/ids.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/app/record_invoice.h"
#include "services/accounting/app/report_overdue_invoices.h"
#include "services/accounting/service.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::accounting {
namespace {

using common::auth::Role;
using crm::accounting::v1::AccountingService;
using crm::accounting::v1::GetPaymentRequest;
using crm::accounting::v1::ImportBankStatementRequest;
using crm::accounting::v1::ImportBankStatementResponse;
using crm::accounting::v1::ListPaymentsRequest;
using crm::accounting::v1::ListPaymentsResponse;
using crm::accounting::v1::Payment;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string StatementFile(const std::string& name) {
  std::ifstream in(std::string(CRM_STATEMENTS_DIR) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The statement with payment order 77 changed to 78: an overlapping statement of two known payment
// orders and one new. An ASCII edit of the Windows-1251 bytes keeps them Windows-1251.
std::string OverlappingStatement() {
  std::string bytes = StatementFile("statement_windows.txt");
  const std::string from = "=77\r\n";
  bytes.replace(bytes.find(from), from.size(), "=78\r\n");
  return bytes;
}

class BankStatementApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("accounting");
    nats_ = crm::testing::TestEnvironment::Get().FreshNats();
    server_ = std::make_unique<crm::testing::RunningService>(
        Definition(), url_, nats_,
        std::map<std::string, std::string>{
            {"CRM_EXCHANGE_DIR", (scratch_.path() / "exchange").string()},
            {"CRM_BANK_INBOX_DIR", inbox().string()},
            {"CRM_BANK_INBOX_POLL_MS", "50"}});
    stub_ = AccountingService::NewStub(server_->channel());
  }

  void TearDown() override { server_.reset(); }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  std::string Text(const std::string& sql) {
    return server_->pool().Read(
        [&](pqxx::read_transaction& tx) { return tx.exec1(sql)[0].as<std::string>(); });
  }

  static std::string Token(std::vector<Role> roles) {
    return crm::testing::TokenFor("employees/" + common::NewUuid(), std::move(roles));
  }

  grpc::Status Import(const std::string& content, ImportBankStatementResponse* out,
                      bool validate_only = false,
                      const std::string& token = Token({Role::kAccountant}),
                      const std::string& file_name = "kl_to_1c.txt") {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    ImportBankStatementRequest request;
    request.set_content(content);
    request.set_file_name(file_name);
    request.set_validate_only(validate_only);
    return stub_->ImportBankStatement(&ctx, request, out);
  }

  grpc::Status Get(const std::string& name, Payment* out,
                   const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    GetPaymentRequest request;
    request.set_name(name);
    return stub_->GetPayment(&ctx, request, out);
  }

  grpc::Status List(const ListPaymentsRequest& request, ListPaymentsResponse* out,
                    const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->ListPayments(&ctx, request, out);
  }

  std::filesystem::path inbox() const { return scratch_.path() / "inbox"; }

  // Drops `content` into the inbox as the bank client would: written under a dot name, then
  // renamed.
  void Drop(const std::string& name, const std::string& content) {
    {
      std::ofstream out(inbox() / ("." + name), std::ios::binary);
      out << content;
    }
    std::filesystem::rename(inbox() / ("." + name), inbox() / name);
  }

  static std::vector<std::string> FilesIn(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  crm::testing::TempDir scratch_{"crm-accounting-bank-test"};
  std::string url_;
  std::string nats_;
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<AccountingService::Stub> stub_;
};

TEST_F(BankStatementApiTest, ImportsAStatementAndServesItsPayments) {
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());
  EXPECT_THAT(imported.statement(), ::testing::StartsWith("bankStatements/"));
  EXPECT_EQ(imported.document_count(), 3);
  EXPECT_EQ(imported.imported_count(), 3);
  EXPECT_EQ(imported.duplicate_count(), 0);
  ASSERT_EQ(imported.payments_size(), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements WHERE imported_count = 3 AND "
                  "code_page = 'Windows' AND file_name = 'kl_to_1c.txt'"),
            1);
  // Every key=value of a document is kept as the bank wrote it.
  EXPECT_EQ(Count("SELECT jsonb_array_length(fields) FROM payments WHERE number = '418'"), 27);

  Payment payment;
  ASSERT_TRUE(Get(imported.payments(0), &payment).ok());
  EXPECT_EQ(payment.name(), imported.payments(0));
  EXPECT_EQ(payment.statement(), imported.statement());
  EXPECT_EQ(payment.direction(), crm::accounting::v1::PAYMENT_DIRECTION_INCOMING);
  EXPECT_EQ(payment.document_kind(), "Платежное поручение");
  EXPECT_EQ(payment.number(), "418");
  EXPECT_EQ(payment.date().year(), 2026);
  EXPECT_EQ(payment.date().month(), 2);
  EXPECT_EQ(payment.date().day(), 27);
  EXPECT_EQ(payment.amount().currency_code(), "RUB");
  EXPECT_EQ(payment.amount().minor_units(), 14884000);
  EXPECT_EQ(payment.payer().name(), "АО \"Ромашка\"");
  EXPECT_EQ(payment.payer().inn(), "7736207543");
  EXPECT_EQ(payment.payer().kpp(), "773601001");
  EXPECT_EQ(payment.payer().account(), "40702810500000000418");
  EXPECT_EQ(payment.payer().bik(), "044525225");
  EXPECT_EQ(payment.payee().account(), "40702810900000012345");
  EXPECT_THAT(payment.purpose(), HasSubstr("№ 2026-000007"));
  EXPECT_EQ(payment.credited_date().day(), 2);
  EXPECT_FALSE(payment.has_debited_date());

  // Both pages asked by one accountant: a page token is the caller's.
  const std::string accountant = Token({Role::kAccountant});
  ListPaymentsRequest request;
  request.set_page_size(2);
  ListPaymentsResponse first;
  ASSERT_TRUE(List(request, &first, accountant).ok());
  ASSERT_EQ(first.payments_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ListPaymentsResponse second;
  ASSERT_TRUE(List(request, &second, accountant).ok());
  ASSERT_EQ(second.payments_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());

  ListPaymentsRequest outgoing;
  outgoing.set_direction(crm::accounting::v1::PAYMENT_DIRECTION_OUTGOING);
  outgoing.set_statement(imported.statement());
  ListPaymentsResponse listed;
  ASSERT_TRUE(List(outgoing, &listed).ok());
  ASSERT_EQ(listed.payments_size(), 1);
  EXPECT_EQ(listed.payments(0).number(), "1203");
  EXPECT_EQ(listed.payments(0).amount().minor_units(), 1200050);
}

TEST_F(BankStatementApiTest, AStatementImportedTwiceYieldsOneSetOfPayments) {
  ImportBankStatementResponse first;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &first).ok());
  ImportBankStatementResponse again;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &again).ok());
  EXPECT_EQ(again.document_count(), 3);
  EXPECT_EQ(again.imported_count(), 0);
  EXPECT_EQ(again.duplicate_count(), 3);
  EXPECT_THAT(again.payments(), ::testing::IsEmpty());
  // The same statement from the DOS export of the bank client: the same payments.
  ImportBankStatementResponse dos;
  ASSERT_TRUE(Import(StatementFile("statement_dos.txt"), &dos).ok());
  EXPECT_EQ(dos.imported_count(), 0);
  EXPECT_EQ(dos.duplicate_count(), 3);
  // An overlapping statement: one new payment order, two known.
  ImportBankStatementResponse overlapping;
  ASSERT_TRUE(Import(OverlappingStatement(), &overlapping).ok());
  EXPECT_EQ(overlapping.imported_count(), 1);
  EXPECT_EQ(overlapping.duplicate_count(), 2);

  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM payments WHERE number = '418'"), 1);
}

TEST_F(BankStatementApiTest, OverlappingStatementsUploadedAtOnceImportEachPaymentOrderOnce) {
  // Four accountants upload at the same moment: the statement twice, its DOS copy, and an
  // overlapping one (two of its payment orders, one new).
  const std::vector<std::string> files = {
      StatementFile("statement_windows.txt"), StatementFile("statement_dos.txt"),
      OverlappingStatement(), StatementFile("statement_windows.txt")};
  std::vector<ImportBankStatementResponse> responses(files.size());
  std::vector<grpc::Status> statuses(files.size());
  std::vector<std::thread> uploads;
  uploads.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    uploads.emplace_back([&, i] { statuses[i] = Import(files[i], &responses[i]); });
  }
  for (auto& upload : uploads) {
    upload.join();
  }
  int imported = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(responses[i].imported_count() + responses[i].duplicate_count(), 3);
    imported += responses[i].imported_count();
  }
  EXPECT_EQ(imported, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements"), 4);
  // One payment.received per incoming payment order: 418, 77 and 78.
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE subject = 'crm.accounting.payment.received'"),
            3);
}

TEST_F(BankStatementApiTest, ValidateOnlyCountsAndImportsNothing) {
  ImportBankStatementResponse checked;
  ASSERT_TRUE(Import(StatementFile("statement_dos.txt"), &checked, true).ok());
  EXPECT_TRUE(checked.statement().empty());
  EXPECT_EQ(checked.document_count(), 3);
  EXPECT_EQ(checked.imported_count(), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements"), 0);

  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());
  ASSERT_TRUE(Import(OverlappingStatement(), &checked, true).ok());
  EXPECT_EQ(checked.imported_count(), 1);
  EXPECT_EQ(checked.duplicate_count(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 3);
}

TEST_F(BankStatementApiTest, AMalformedFileIsRefusedWithItsLineAndNothingImported) {
  std::string never_closed = StatementFile("statement_windows.txt");
  // The first document's КонецДокумента (Windows-1251) removed.
  const std::string end_of_document =
      "\xCA\xEE\xED\xE5\xF6\xC4\xEE\xEA\xF3\xEC\xE5\xED\xF2\xE0\r\n";
  never_closed.erase(never_closed.find(end_of_document), end_of_document.size());
  for (const std::string& content :
       {never_closed, StatementFile("statement_windows.txt").substr(0, 1500),
        std::string("PK\x03\x04\x14\x00", 6),
        common::ToUtf8(StatementFile("statement_windows.txt"), common::CodePage::kWindows1251)}) {
    ImportBankStatementResponse out;
    const grpc::Status status = Import(content, &out);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("content"));
    EXPECT_THAT(status.error_message(), HasSubstr("line "));
  }
  ImportBankStatementResponse out;
  const grpc::Status status = Import(never_closed, &out);
  EXPECT_THAT(status.error_message(), HasSubstr("line 49"));
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements"), 0);
}

TEST_F(BankStatementApiTest, BadInputIsRefusedFieldByField) {
  ImportBankStatementResponse out;
  grpc::Status status = Import("", &out, false, Token({Role::kAccountant}), "bad\x01name.txt");
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("file_name", "content"));
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements"), 0);

  Payment payment;
  EXPECT_EQ(Get("payments/not-a-uuid", &payment).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Get("exports/" + common::NewUuid(), &payment).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Get("payments/" + common::NewUuid(), &payment).error_code(), grpc::NOT_FOUND);

  ListPaymentsRequest request;
  request.set_statement("statements/1");
  request.set_page_size(-1);
  request.set_direction(static_cast<crm::accounting::v1::PaymentDirection>(9));
  ListPaymentsResponse listed;
  status = List(request, &listed);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ::testing::UnorderedElementsAre("page_size", "statement", "direction"));
}

TEST_F(BankStatementApiTest, OnlyAccountantsImportAndReadPayments) {
  ImportBankStatementResponse imported;
  ASSERT_TRUE(
      Import(StatementFile("statement_windows.txt"), &imported, false, Token({Role::kAdmin})).ok());
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kService}) {
    ImportBankStatementResponse out;
    EXPECT_EQ(Import(OverlappingStatement(), &out, false, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
    Payment payment;
    EXPECT_EQ(Get(imported.payments(0), &payment, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
    ListPaymentsResponse listed;
    EXPECT_EQ(List(ListPaymentsRequest(), &listed, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
  }
  ImportBankStatementResponse out;
  EXPECT_EQ(Import(OverlappingStatement(), &out, false, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 3);
}

// An invoice of 148 840.00 ₽ as documents issues it.
events::v1::DocumentIssued IssuedInvoice(const std::string& document_id, const std::string& number,
                                         const std::string& replaces = "") {
  events::v1::DocumentIssued ev;
  ev.set_document("documents/" + document_id);
  ev.set_type("INVOICE");
  ev.set_number(number);
  ev.mutable_issue_date()->set_year(2026);
  ev.mutable_issue_date()->set_month(2);
  ev.mutable_issue_date()->set_day(14);
  ev.set_sale("sales/" + common::NewUuid());
  ev.mutable_client()->set_client("clients/" + common::NewUuid());
  ev.mutable_client()->set_inn("7736207543");
  ev.mutable_client()->set_kpp("773601001");
  ev.mutable_client()->set_legal_name("АО «Ромашка»");
  ev.mutable_total_amount()->set_currency_code("RUB");
  ev.mutable_total_amount()->set_minor_units(14884000);
  *ev.mutable_net_amount() = ev.total_amount();
  auto* line = ev.add_lines();
  line->set_description("Выставочная площадь");
  line->set_quantity_milli(1000);
  line->set_unit("м²");
  *line->mutable_unit_price() = ev.total_amount();
  *line->mutable_net_amount() = ev.total_amount();
  *line->mutable_total_amount() = ev.total_amount();
  ev.set_file_name("invoice.pdf");
  ev.set_sha256(std::string(64, 'a'));
  if (!replaces.empty()) {
    ev.set_replaces("documents/" + replaces);
  }
  return ev;
}

// documents annulling invoice `number` because its sale was cancelled.
events::v1::DocumentAnnulled AnnulledInvoice(const std::string& document_id,
                                             const std::string& number) {
  events::v1::DocumentAnnulled annulled;
  annulled.set_document("documents/" + document_id);
  annulled.set_type("INVOICE");
  annulled.set_number(number);
  annulled.set_sale("sales/" + common::NewUuid());
  annulled.set_reason("Клиент отказался от участия");
  annulled.set_annulled_by("employees/" + common::NewUuid());
  annulled.mutable_annul_time()->set_seconds(1772404200);
  return annulled;
}

TEST_F(BankStatementApiTest, IssuedInvoicesAreKeptForMatchingAndFollowTheirDocuments) {
  const std::string first = common::NewUuid();
  const std::string second = common::NewUuid();
  const std::string third = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             IssuedInvoice(first, "2026-000007"), "documents/" + first);
  // The replacing invoice as documents issues it now: whose sale, which edition, when due.
  const std::string manager = common::NewUuid();
  const std::string edition = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  events::v1::DocumentIssued replacing = IssuedInvoice(second, "2026-000009", first);
  replacing.set_manager("employees/" + manager);
  replacing.set_edition(edition);
  replacing.set_edition_display_name("Волга-Экспо 2026");
  replacing.mutable_payment_due_date()->set_year(2026);
  replacing.mutable_payment_due_date()->set_month(2);
  replacing.mutable_payment_due_date()->set_day(19);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), replacing,
                             "documents/" + second);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             IssuedInvoice(third, "2026-000010"), "documents/" + third);
  const events::v1::DocumentAnnulled annulled = AnnulledInvoice(third, "2026-000010");
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().processed() >= 4; }));

  EXPECT_EQ(Count("SELECT count(*) FROM invoices"), 3);
  EXPECT_EQ(Text("SELECT number || ' ' || issue_date || ' ' || client_inn || ' ' || client_kpp || "
                 "' ' || total_kopecks || ' ' || paid_kopecks || ' ' || state FROM invoices "
                 "WHERE document_id = '" +
                 second + "'"),
            "2026-000009 2026-02-14 7736207543 773601001 14884000 0 issued");
  EXPECT_EQ(Text("SELECT manager_id || ' ' || edition || ' ' || edition_name || ' ' || "
                 "client_name || ' ' || payment_due_date FROM invoices WHERE document_id = '" +
                 second + "'"),
            manager + " " + edition + " Волга-Экспо 2026 АО «Ромашка» 2026-02-19");
  // An event from before documents carried them: unknown, not made up.
  EXPECT_EQ(Count("SELECT count(*) FROM invoices WHERE document_id = '" + first +
                  "' AND manager_id IS NULL AND edition IS NULL AND payment_due_date IS NULL"),
            1);
  EXPECT_EQ(Text("SELECT state FROM invoices WHERE document_id = '" + first + "'"), "replaced");
  EXPECT_EQ(Text("SELECT state FROM invoices WHERE document_id = '" + third + "'"), "annulled");
}

// A statement for our account 40702810900000012345 of 02.03.2026 with the payment orders
// `documents`, in Windows-1251: incoming ones "number|amount|payer INN|purpose", outgoing ones
// (from our account) "-number|amount|payee INN|purpose".
std::string StatementOf(const std::vector<std::string>& documents) {
  std::string text =
      "1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n"
      "ДатаНачала=02.03.2026\r\nДатаКонца=02.03.2026\r\nРасчСчет=40702810900000012345\r\n";
  for (const std::string& document : documents) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (std::size_t bar = document.find('|'); bar != std::string::npos;
         bar = document.find('|', begin)) {
      parts.push_back(document.substr(begin, bar - begin));
      begin = bar + 1;
    }
    parts.push_back(document.substr(begin));
    if (parts[0].starts_with('-')) {
      text += "СекцияДокумент=Платежное поручение\r\nНомер=" + parts[0].substr(1) +
              "\r\nДата=02.03.2026\r\nСумма=" + parts[1] +
              "\r\nПлательщикСчет=40702810900000012345\r\nПлательщик1=ООО \"Экспо\"\r\n"
              "ПолучательСчет=40702810500000000999\r\nПолучательИНН=" +
              parts[2] + "\r\nПолучатель1=Получатель\r\nДатаСписано=02.03.2026\r\n" +
              "НазначениеПлатежа=" + parts[3] + "\r\nКонецДокумента\r\n";
      continue;
    }
    text += "СекцияДокумент=Платежное поручение\r\nНомер=" + parts[0] +
            "\r\nДата=02.03.2026\r\nСумма=" + parts[1] +
            "\r\nПлательщикСчет=40702810500000000418\r\nПлательщикИНН=" + parts[2] +
            "\r\nПлательщик1=Плательщик\r\nПолучательСчет=40702810900000012345\r\n"
            "НазначениеПлатежа=" +
            parts[3] + "\r\nКонецДокумента\r\n";
  }
  text += "КонецФайла\r\n";
  return common::FromUtf8(text, common::CodePage::kWindows1251);
}

class PaymentMatchingTest : public BankStatementApiTest {
 protected:
  // Issues an invoice of `kopecks` to the client with `inn` and waits until accounting has it.
  // `more` sets what else the invoice carries (its manager, edition, due date).
  std::string IssueInvoice(const std::string& number, int64_t kopecks,
                           const std::string& inn = "7736207543",
                           const std::function<void(events::v1::DocumentIssued&)>& more = nullptr) {
    std::string id = common::NewUuid();
    events::v1::DocumentIssued ev = IssuedInvoice(id, number);
    ev.mutable_client()->set_inn(inn);
    ev.mutable_total_amount()->set_minor_units(kopecks);
    if (more) {
      more(ev);
    }
    crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), ev,
                               ev.document());
    EXPECT_TRUE(crm::testing::Eventually([&] {
      return Count("SELECT count(*) FROM invoices WHERE document_id = '" + id + "'") == 1;
    }));
    return id;
  }

  int64_t Paid(const std::string& invoice) {
    return Count("SELECT paid_kopecks FROM invoices WHERE document_id = '" + invoice + "'");
  }

  int64_t Emitted(const std::string& subject) {
    return Count("SELECT count(*) FROM outbox WHERE subject = '" + subject + "'");
  }

  grpc::Status Match(const std::string& payment,
                     const std::vector<std::pair<std::string, int64_t>>& shares, Payment* out,
                     const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    crm::accounting::v1::MatchPaymentRequest request;
    request.set_name(payment);
    for (const auto& [invoice, kopecks] : shares) {
      auto* share = request.add_invoices();
      share->set_invoice(invoice);
      share->mutable_amount()->set_currency_code("RUB");
      share->mutable_amount()->set_minor_units(kopecks);
    }
    return stub_->MatchPayment(&ctx, request, out);
  }

  grpc::Status MatchRefund(const crm::accounting::v1::MatchPaymentRequest& request, Payment* out,
                           const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->MatchPayment(&ctx, request, out);
  }

  grpc::Status Unmatch(const std::string& payment, Payment* out,
                       const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    crm::accounting::v1::UnmatchPaymentRequest request;
    request.set_name(payment);
    return stub_->UnmatchPayment(&ctx, request, out);
  }
};

TEST_F(PaymentMatchingTest, AStatementIsMatchedByInvoiceNumberOnceAndTheRestQueued) {
  const std::string invoice = IssueInvoice("2026-000007", 14884000);
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());

  Payment paid;
  ASSERT_TRUE(Get(imported.payments(0), &paid).ok());
  EXPECT_EQ(paid.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(paid.unallocated_amount().minor_units(), 0);
  ASSERT_EQ(paid.allocations_size(), 1);
  EXPECT_EQ(paid.allocations(0).invoice(), "documents/" + invoice);
  EXPECT_EQ(paid.allocations(0).invoice_number(), "2026-000007");
  EXPECT_EQ(paid.allocations(0).amount().minor_units(), 14884000);
  EXPECT_EQ(paid.allocations(0).method(), crm::accounting::v1::ALLOCATION_METHOD_AUTO);
  EXPECT_EQ(Paid(invoice), 14884000);

  // The sole trader's prepayment names no invoice: queued for an accountant.
  ListPaymentsRequest queue;
  queue.set_unmatched_only(true);
  ListPaymentsResponse unmatched;
  ASSERT_TRUE(List(queue, &unmatched).ok());
  ASSERT_EQ(unmatched.payments_size(), 1);
  EXPECT_EQ(unmatched.payments(0).number(), "77");
  EXPECT_EQ(unmatched.payments(0).match_state(),
            crm::accounting::v1::PAYMENT_MATCH_STATE_UNMATCHED);
  EXPECT_EQ(unmatched.payments(0).unallocated_amount().minor_units(), 5000000);

  // The statement again: nothing new, nothing emitted again.
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());
  EXPECT_EQ(Emitted("crm.accounting.payment.received"), 2);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 1);

  const auto events = crm::testing::ReadStream(nats_, events::v1::kPaymentReceived, 2);
  ASSERT_EQ(events.size(), 2U);
  events::v1::PaymentReceived received;
  common::bus::FromJson(events[0].data, &received);
  EXPECT_EQ(received.number(), "418");
  EXPECT_EQ(received.client_inn(), "7736207543");
  EXPECT_EQ(received.amount().minor_units(), 14884000);
  EXPECT_EQ(received.date().day(), 27);
  ASSERT_EQ(received.matched_invoices_size(), 1);
  EXPECT_EQ(received.matched_invoices(0).document(), "documents/" + invoice);
  ASSERT_EQ(received.sales_size(), 1);
  EXPECT_EQ(received.sales(0), received.matched_invoices(0).sale());
  EXPECT_EQ(received.unallocated().minor_units(), 0);

  const auto paid_events = crm::testing::ReadStream(nats_, events::v1::kInvoicePaid, 1);
  ASSERT_EQ(paid_events.size(), 1U);
  events::v1::InvoicePaid invoice_paid;
  common::bus::FromJson(paid_events[0].data, &invoice_paid);
  EXPECT_EQ(invoice_paid.document(), "documents/" + invoice);
  EXPECT_EQ(invoice_paid.paid().minor_units(), 14884000);
  EXPECT_THAT(invoice_paid.payments(), ElementsAre(paid.name()));
}

TEST_F(PaymentMatchingTest, PartialPaymentsOverpaymentAndOnePaymentForSeveralInvoices) {
  const std::string a = IssueInvoice("2026-000020", 10000, "6316000001");
  const std::string b = IssueInvoice("2026-000021", 5000, "6316000001");
  // Another client's invoice with the same number pattern is not touched.
  const std::string other = IssueInvoice("2026-000022", 5000, "7736207543");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementOf({"1|120.00|6316000001|Оплата по счетам № 2026-000020, "
                                  "2026-000021, 2026-000022",
                                  "2|40|6316000001|Доплата по счету 2026-000021"}),
                     &imported)
                  .ok());
  ASSERT_EQ(imported.payments_size(), 2);
  EXPECT_EQ(Paid(a), 10000);
  EXPECT_EQ(Paid(b), 5000);
  EXPECT_EQ(Paid(other), 0);

  Payment first;
  ASSERT_TRUE(Get(imported.payments(0), &first).ok());
  ASSERT_EQ(first.allocations_size(), 2);
  EXPECT_EQ(first.allocations(0).amount().minor_units(), 10000);
  EXPECT_EQ(first.allocations(1).amount().minor_units(), 2000);
  Payment second;
  ASSERT_TRUE(Get(imported.payments(1), &second).ok());
  ASSERT_EQ(second.allocations_size(), 1);
  EXPECT_EQ(second.allocations(0).amount().minor_units(), 3000);
  // Overpaid by 10.00: matched, the rest left unallocated.
  EXPECT_EQ(second.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(second.unallocated_amount().minor_units(), 1000);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 2);
}

// An import matches and records its documents in batches; a payment in a later batch sees what the
// earlier ones left owing, as if the payments were matched one after the other.
TEST_F(PaymentMatchingTest, AStatementLongerThanOneBatchIsMatchedPaymentAfterPayment) {
  const std::string invoice = IssueInvoice("2026-000060", 10000, "6316000001");
  std::vector<std::string> documents = {"1|50|6316000001|Оплата 50% по счету 2026-000060"};
  for (int i = 2; i <= 5200; ++i) {
    documents.push_back(std::to_string(i) + "|1|7707000000|Взнос без счета");
  }
  documents.emplace_back("5201|50|6316000001|Доплата по счету 2026-000060");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementOf(documents), &imported).ok());
  EXPECT_EQ(imported.imported_count(), 5201);
  ASSERT_EQ(imported.payments_size(), 5201);
  EXPECT_EQ(Paid(invoice), 10000);
  EXPECT_EQ(Count("SELECT count(*) FROM payments WHERE match_state = 'unmatched'"), 5199);
  EXPECT_EQ(Emitted("crm.accounting.payment.received"), 5201);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 1);

  Payment last;
  ASSERT_TRUE(Get(imported.payments(5200), &last).ok());
  ASSERT_EQ(last.allocations_size(), 1);
  EXPECT_EQ(last.allocations(0).amount().minor_units(), 5000);
  const auto paid_events = crm::testing::ReadStream(nats_, events::v1::kInvoicePaid, 1);
  ASSERT_EQ(paid_events.size(), 1U);
  events::v1::InvoicePaid invoice_paid;
  common::bus::FromJson(paid_events[0].data, &invoice_paid);
  EXPECT_EQ(invoice_paid.payments_size(), 2);

  // The same statement again, in batches too: everything known, nothing emitted again.
  ASSERT_TRUE(Import(StatementOf(documents), &imported).ok());
  EXPECT_EQ(imported.imported_count(), 0);
  EXPECT_EQ(imported.duplicate_count(), 5201);
  EXPECT_EQ(Emitted("crm.accounting.payment.received"), 5201);
}

// An outgoing payment saying "возврат" returns the client's overpayment at import; an accountant
// can undo it and match a refund by hand.
TEST_F(PaymentMatchingTest, ARefundReturnsTheClientsOverpaymentAndCanBeUndoneAndMadeByHand) {
  const std::string invoice = IssueInvoice("2026-000070", 10000, "6316000001");
  ImportBankStatementResponse first;
  ASSERT_TRUE(Import(StatementOf({"71|150|6316000001|Оплата по счету 2026-000070",
                                  "72|30|6316000001|Аванс без счета"}),
                     &first)
                  .ok());
  ASSERT_EQ(first.payments_size(), 2);
  Payment overpaid;
  ASSERT_TRUE(Get(first.payments(0), &overpaid).ok());
  EXPECT_EQ(overpaid.unallocated_amount().minor_units(), 5000);

  // The refund names payment order 71 and returns its 50.00; a plain outgoing payment to the same
  // client (no "возврат") stays outgoing.
  ImportBankStatementResponse second;
  ASSERT_TRUE(Import(StatementOf({"-901|50|6316000001|Возврат переплаты по п/п 71 от 02.03.2026",
                                  "-902|10|6316000001|Оплата услуг по договору 5"}),
                     &second)
                  .ok());
  ASSERT_EQ(second.payments_size(), 2);
  Payment refund;
  ASSERT_TRUE(Get(second.payments(0), &refund).ok());
  EXPECT_EQ(refund.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_REFUND);
  ASSERT_EQ(refund.refunds_size(), 1);
  EXPECT_EQ(refund.refunds(0).payment(), first.payments(0));
  EXPECT_EQ(refund.refunds(0).amount().minor_units(), 5000);
  EXPECT_EQ(refund.refunds(0).method(), crm::accounting::v1::ALLOCATION_METHOD_AUTO);
  ASSERT_TRUE(Get(first.payments(0), &overpaid).ok());
  EXPECT_EQ(overpaid.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(overpaid.unallocated_amount().minor_units(), 0);
  EXPECT_EQ(overpaid.refunded_amount().minor_units(), 5000);
  ASSERT_EQ(overpaid.refunds_size(), 1);
  EXPECT_EQ(overpaid.refunds(0).payment(), refund.name());
  Payment plain;
  ASSERT_TRUE(Get(second.payments(1), &plain).ok());
  EXPECT_EQ(plain.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_OUTGOING);
  EXPECT_EQ(Paid(invoice), 10000);

  const auto refunded = crm::testing::ReadStream(nats_, events::v1::kPaymentRefunded, 1);
  ASSERT_EQ(refunded.size(), 1U);
  events::v1::PaymentRefunded event;
  common::bus::FromJson(refunded[0].data, &event);
  EXPECT_EQ(event.refund().refund(), refund.name());
  EXPECT_EQ(event.refund().client_inn(), "6316000001");
  ASSERT_EQ(event.refund().refunded_payments_size(), 1);
  EXPECT_EQ(event.refund().refunded_payments(0).number(), "71");
  EXPECT_EQ(event.matched_by(), "services/accounting");

  // Undone: the overpayment is the client's money again.
  Payment out;
  ASSERT_TRUE(Unmatch(refund.name(), &out).ok());
  EXPECT_EQ(out.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_OUTGOING);
  EXPECT_EQ(out.refunds_size(), 0);
  ASSERT_TRUE(Get(first.payments(0), &overpaid).ok());
  EXPECT_EQ(overpaid.unallocated_amount().minor_units(), 5000);
  EXPECT_EQ(overpaid.refunded_amount().minor_units(), 0);
  EXPECT_EQ(Emitted("crm.accounting.payment.refund_undone"), 1);

  // By hand: the plain payment returns the whole unmatched advance 72 (30.00, out of the queue)
  // and the refund 50.00 of 71 again, in two steps; more than a payment has left is refused.
  const std::string advance = first.payments(1);
  crm::accounting::v1::MatchPaymentRequest request;
  request.set_name(refund.name());
  auto* share = request.add_refunded_payments();
  share->set_payment(first.payments(0));
  share->mutable_amount()->set_currency_code("RUB");
  share->mutable_amount()->set_minor_units(5001);
  grpc::Status status = MatchRefund(request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  share->mutable_amount()->set_minor_units(5000);
  ASSERT_TRUE(MatchRefund(request, &out).ok());
  EXPECT_EQ(out.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_REFUND);
  EXPECT_EQ(out.refunds(0).method(), crm::accounting::v1::ALLOCATION_METHOD_MANUAL);

  request.set_name(plain.name());
  share->set_payment(advance);
  share->mutable_amount()->set_minor_units(1000);
  ASSERT_TRUE(MatchRefund(request, &out).ok());
  Payment advance_payment;
  ASSERT_TRUE(Get(advance, &advance_payment).ok());
  EXPECT_EQ(advance_payment.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_UNMATCHED);
  EXPECT_EQ(advance_payment.unallocated_amount().minor_units(), 2000);
  // The plain payment was 10.00: it has nothing left to return.
  share->mutable_amount()->set_minor_units(1);
  status = MatchRefund(request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Emitted("crm.accounting.payment.refunded"), 3);
}

TEST_F(PaymentMatchingTest, ARefundIsCheckedFieldByFieldAndOnlyAccountantsMakeOne) {
  ImportBankStatementResponse imported;
  ASSERT_TRUE(
      Import(StatementOf({"81|30|6316000001|Аванс", "-981|30|6316000001|Возврат"}), &imported)
          .ok());
  const std::string incoming = imported.payments(0);
  const std::string refund = imported.payments(1);
  Payment out;
  ASSERT_TRUE(Get(refund, &out).ok());
  EXPECT_EQ(out.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_REFUND);
  ASSERT_TRUE(Get(incoming, &out).ok());
  EXPECT_EQ(out.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_REFUNDED);
  ASSERT_TRUE(Unmatch(refund, &out).ok());

  crm::accounting::v1::MatchPaymentRequest request;
  request.set_name(refund);
  auto* share = request.add_refunded_payments();
  share->set_payment("payments/nope");
  share->mutable_amount()->set_currency_code("USD");
  request.add_invoices()->set_invoice("documents/" + common::NewUuid());
  grpc::Status status = MatchRefund(request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ::testing::IsSupersetOf({"refunded_payments", "refunded_payments[0].payment",
                                       "refunded_payments[0].amount.currency_code",
                                       "refunded_payments[0].amount.minor_units"}));

  // An incoming payment refunds nothing; a refund returns incoming payments only.
  request.clear_invoices();
  share->set_payment(refund);
  share->mutable_amount()->set_currency_code("RUB");
  share->mutable_amount()->set_minor_units(100);
  request.set_name(incoming);
  EXPECT_EQ(MatchRefund(request, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  request.set_name(refund);
  share->set_payment(incoming);
  EXPECT_EQ(MatchRefund(request, &out, Token({Role::kSalesManager})).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get(incoming, &out).ok());
  EXPECT_EQ(out.unallocated_amount().minor_units(), 3000);
  EXPECT_EQ(out.refunded_amount().minor_units(), 0);
}

// A cancelled sale's invoice is annulled: the payments on it are released, to be matched
// elsewhere or refunded.
TEST_F(PaymentMatchingTest, PaymentsOnAnAnnulledInvoiceAreReleased) {
  const std::string invoice = IssueInvoice("2026-000090", 10000, "6316000001");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(
      Import(StatementOf({"91|100|6316000001|Оплата по счету 2026-000090"}), &imported).ok());
  const events::v1::DocumentAnnulled annulled = AnnulledInvoice(invoice, "2026-000090");
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  ASSERT_TRUE(crm::testing::Eventually([&] { return Paid(invoice) == 0; }));
  Payment released;
  ASSERT_TRUE(Get(imported.payments(0), &released).ok());
  EXPECT_EQ(released.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_UNMATCHED);
  EXPECT_EQ(released.unallocated_amount().minor_units(), 10000);
  EXPECT_EQ(released.allocations_size(), 0);
  const auto unmatched = crm::testing::ReadStream(nats_, events::v1::kPaymentUnmatched, 1);
  ASSERT_EQ(unmatched.size(), 1U);
  events::v1::PaymentUnmatched event;
  common::bus::FromJson(unmatched[0].data, &event);
  EXPECT_EQ(event.unmatched_by(), "services/accounting");
  EXPECT_EQ(event.unallocated().minor_units(), 10000);

  // Now the refund of a cancelled sale is recognised.
  ASSERT_TRUE(
      Import(StatementOf({"-991|100|6316000001|Возврат оплаты по п/п 91"}), &imported).ok());
  ASSERT_TRUE(Get(released.name(), &released).ok());
  EXPECT_EQ(released.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_REFUNDED);
}

TEST_F(PaymentMatchingTest, WithoutANumberTheExactAmountMatchesAndAnAccountantDoesTheRest) {
  const std::string exact = IssueInvoice("2026-000030", 7000, "6316000001");
  const std::string by_hand = IssueInvoice("2026-000031", 5000, "7707000000");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(
      Import(StatementOf({"5|70|6316000001|За стенд", "6|80|6316000001|За стенд"}), &imported)
          .ok());
  EXPECT_EQ(Paid(exact), 7000);
  Payment queued;
  ASSERT_TRUE(Get(imported.payments(1), &queued).ok());
  EXPECT_EQ(queued.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_UNMATCHED);

  // The accountant knows the 80.00 paid another company's invoice (a third party paid it).
  Payment matched;
  ASSERT_TRUE(Match(queued.name(), {{"documents/" + by_hand, 5000}}, &matched).ok());
  EXPECT_EQ(matched.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(matched.unallocated_amount().minor_units(), 3000);
  ASSERT_EQ(matched.allocations_size(), 1);
  EXPECT_EQ(matched.allocations(0).method(), crm::accounting::v1::ALLOCATION_METHOD_MANUAL);
  EXPECT_EQ(Paid(by_hand), 5000);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 2);

  // Undone: back in the queue, the invoice owes again.
  Payment undone;
  ASSERT_TRUE(Unmatch(queued.name(), &undone).ok());
  EXPECT_EQ(undone.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_UNMATCHED);
  EXPECT_EQ(undone.unallocated_amount().minor_units(), 8000);
  EXPECT_THAT(undone.allocations(), ::testing::IsEmpty());
  EXPECT_EQ(Paid(by_hand), 0);
  EXPECT_EQ(Unmatch(queued.name(), &undone).error_code(), grpc::FAILED_PRECONDITION);

  // Matched again: the invoice is paid again, but invoice.paid was emitted once.
  ASSERT_TRUE(Match(queued.name(), {{"documents/" + by_hand, 5000}}, &matched).ok());
  EXPECT_EQ(Paid(by_hand), 5000);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 2);
}

TEST_F(PaymentMatchingTest, AHandMatchIsCheckedAndRefusedWithoutChange) {
  const std::string invoice = IssueInvoice("2026-000040", 5000, "7707000000");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());
  const std::string sole_trader = imported.payments(1);  // 50 000.00, unmatched
  const std::string outgoing = imported.payments(2);
  Payment out;

  grpc::Status status = Match(sole_trader, {{"documents/x", 0}, {"documents/x", 10}}, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(
      crm::testing::ViolatedFields(status),
      ElementsAre("invoices[0].invoice", "invoices[0].amount.minor_units", "invoices[1].invoice"));
  status = Match("payments/1", {}, &out);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("name", "invoices"));

  // More than the invoice owes, an outgoing payment, an unknown invoice.
  EXPECT_EQ(Match(sole_trader, {{"documents/" + invoice, 5001}}, &out).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Match(outgoing, {{"documents/" + invoice, 100}}, &out).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Match(sole_trader, {{"documents/" + common::NewUuid(), 100}}, &out).error_code(),
            grpc::NOT_FOUND);
  // Another role may not.
  EXPECT_EQ(Match(sole_trader, {{"documents/" + invoice, 100}}, &out, Token({Role::kSalesHead}))
                .error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Unmatch(sole_trader, &out, Token({Role::kSalesManager})).error_code(),
            grpc::PERMISSION_DENIED);
  // Nothing matched yet: nothing to undo.
  EXPECT_EQ(Unmatch(sole_trader, &out).error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Paid(invoice), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_allocations"), 0);
  EXPECT_EQ(Emitted("crm.accounting.payment.matched"), 0);
  EXPECT_EQ(Emitted("crm.accounting.payment.unmatched"), 0);
}

TEST_F(PaymentMatchingTest, AHandMatchAndItsUndoingArePublished) {
  const std::string stand = IssueInvoice("2026-000050", 5000, "7707000000");
  const std::string extras = IssueInvoice("2026-000051", 2000, "7707000000");
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementFile("statement_windows.txt"), &imported).ok());
  const std::string sole_trader = imported.payments(1);  // 50 000.00, unmatched
  const std::string accountant = "employees/" + common::NewUuid();
  const std::string token = crm::testing::TokenFor(accountant, {Role::kAccountant});

  Payment out;
  ASSERT_TRUE(
      Match(sole_trader, {{"documents/" + stand, 5000}, {"documents/" + extras, 2000}}, &out, token)
          .ok());
  EXPECT_EQ(Emitted("crm.accounting.payment.matched"), 1);
  // The import's payment.received stays the only one for the payment order.
  EXPECT_EQ(Emitted("crm.accounting.payment.received"), 2);
  const auto matched_events = crm::testing::ReadStream(nats_, events::v1::kPaymentMatched, 1);
  ASSERT_EQ(matched_events.size(), 1U);
  events::v1::PaymentMatched matched;
  common::bus::FromJson(matched_events[0].data, &matched);
  EXPECT_EQ(matched.payment(), sole_trader);
  EXPECT_EQ(matched.number(), "77");
  EXPECT_EQ(matched.amount().minor_units(), 5000000);
  ASSERT_EQ(matched.matched_invoices_size(), 2);
  EXPECT_EQ(matched.matched_invoices(0).document(), "documents/" + stand);
  EXPECT_EQ(matched.matched_invoices(0).number(), "2026-000050");
  EXPECT_EQ(matched.matched_invoices(0).amount().minor_units(), 5000);
  EXPECT_EQ(matched.matched_invoices(1).document(), "documents/" + extras);
  EXPECT_EQ(matched.matched_invoices(1).amount().minor_units(), 2000);
  EXPECT_THAT(matched.sales(),
              ElementsAre(matched.matched_invoices(0).sale(), matched.matched_invoices(1).sale()));
  EXPECT_EQ(matched.unallocated().minor_units(), 5000000 - 7000);
  EXPECT_EQ(matched.matched_by(), accountant);
  EXPECT_GT(matched.match_time().seconds(), 0);

  // A second match of what is left: one more event, with only its own share.
  ASSERT_TRUE(
      Match(sole_trader, {{"documents/" + IssueInvoice("2026-000052", 1000), 1000}}, &out, token)
          .ok());
  EXPECT_EQ(Emitted("crm.accounting.payment.matched"), 2);

  ASSERT_TRUE(Unmatch(sole_trader, &out, token).ok());
  EXPECT_EQ(Emitted("crm.accounting.payment.unmatched"), 1);
  const auto unmatched_events = crm::testing::ReadStream(nats_, events::v1::kPaymentUnmatched, 1);
  ASSERT_EQ(unmatched_events.size(), 1U);
  events::v1::PaymentUnmatched unmatched;
  common::bus::FromJson(unmatched_events[0].data, &unmatched);
  EXPECT_EQ(unmatched.payment(), sole_trader);
  EXPECT_EQ(unmatched.unmatched_invoices_size(), 3);
  EXPECT_EQ(unmatched.sales_size(), 3);
  EXPECT_EQ(unmatched.unallocated().minor_units(), 5000000);
  EXPECT_EQ(unmatched.unmatched_by(), accountant);
  EXPECT_GT(unmatched.unmatch_time().seconds(), 0);

  // Refused requests publish nothing.
  EXPECT_EQ(Unmatch(sole_trader, &out, token).error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Match(sole_trader, {{"documents/" + stand, 5000}}, &out, Token({Role::kSalesHead}))
                .error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Match(sole_trader, {{"documents/" + stand, 5001}}, &out, token).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Emitted("crm.accounting.payment.matched"), 2);
  EXPECT_EQ(Emitted("crm.accounting.payment.unmatched"), 1);
}

TEST_F(BankStatementApiTest, StatementsDroppedIntoTheInboxAreImportedOrRejected) {
  Drop("kl_to_1c.txt", StatementFile("statement_windows.txt"));
  ASSERT_TRUE(crm::testing::Eventually([&] { return FilesIn(inbox() / "imported").size() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM bank_statements WHERE file_name = 'kl_to_1c.txt' AND "
                  "imported_by = 'services/accounting-inbox'"),
            1);
  EXPECT_THAT(FilesIn(inbox() / "imported")[0], ::testing::EndsWith("-kl_to_1c.txt"));

  // The same statement again, and the DOS copy: nothing new.
  Drop("again.txt", StatementFile("statement_windows.txt"));
  Drop("dos.txt", StatementFile("statement_dos.txt"));
  // A truncated file: refused whole with the reason beside it.
  Drop("cut.txt", StatementFile("statement_windows.txt").substr(0, 1500));
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return FilesIn(inbox() / "imported").size() == 3 && FilesIn(inbox() / "rejected").size() == 2;
  }));
  EXPECT_THAT(FilesIn(inbox() / "rejected"), ElementsAre("cut.txt", "cut.txt.error.txt"));
  std::ifstream reason(inbox() / "rejected" / "cut.txt.error.txt");
  std::stringstream text;
  text << reason.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("line "));
  EXPECT_THAT(text.str(), HasSubstr("nothing was imported"));
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), 3);
  // Nothing is left in the inbox but its two folders.
  EXPECT_THAT(FilesIn(inbox()), ElementsAre("imported", "rejected"));
}

// Invoices with what receivables and the overdue job read: manager, edition, due date.
class ReceivablesTest : public PaymentMatchingTest {
 protected:
  static google::type::Date Day(int year, int month, int day) {
    google::type::Date date;
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
    return date;
  }

  // An invoice of `kopecks` to the client with `inn`, of `manager`'s sale for `edition`, due on
  // `due` (unset when its year is 0); `more` sets what else it carries.
  std::string Invoice(const std::string& number, int64_t kopecks, const std::string& inn,
                      const std::string& manager, const std::string& edition,
                      const google::type::Date& due,
                      const std::function<void(events::v1::DocumentIssued&)>& more = nullptr) {
    return IssueInvoice(number, kopecks, inn, [&](events::v1::DocumentIssued& ev) {
      ev.mutable_client()->set_client("clients/" + ClientOf(inn));
      ev.mutable_client()->set_legal_name("Клиент " + inn);
      ev.set_manager(manager);
      ev.set_edition(edition);
      ev.set_edition_display_name("Выставка " + edition.substr(edition.size() - 4));
      if (due.year() != 0) {
        *ev.mutable_payment_due_date() = due;
      }
      if (more) {
        more(ev);
      }
    });
  }

  // documents annuls the invoice (its sale was cancelled); waits until accounting has it.
  void Annul(const std::string& id, const std::string& number) {
    const events::v1::DocumentAnnulled annulled = AnnulledInvoice(id, number);
    crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                               annulled.document());
    ASSERT_TRUE(crm::testing::Eventually([&] {
      return Text("SELECT state FROM invoices WHERE document_id = '" + id + "'") == "annulled";
    }));
  }

  // One client id per INN in a test.
  std::string ClientOf(const std::string& inn) {
    auto [it, added] = clients_.try_emplace(inn, "");
    if (added) {
      it->second = common::NewUuid();
    }
    return it->second;
  }

  // crm.registry.employee.updated putting `employee` into the department unit.
  void PlaceInDepartment(const std::string& employee, const std::string& department_id) {
    events::v1::EmployeeUpdated updated;
    updated.mutable_employee()->set_employee(employee);
    updated.set_status("active");
    updated.set_department_unit("departments/" + department_id);
    crm::testing::PublishEvent(nats_, events::v1::kEmployeeUpdated, common::NewUuid(), updated,
                               employee);
  }

  grpc::Status Receivables(const crm::accounting::v1::GetReceivablesRequest& request,
                           crm::accounting::v1::Receivables* out, const std::string& token) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    return stub_->GetReceivables(&ctx, request, out);
  }

  // "invoiced paid outstanding | not due, 1-30, 31-60, 61-90, over 90" in kopecks.
  static std::string Figures(const crm::accounting::v1::ReceivablesFigures& f) {
    const auto& a = f.ageing();
    return std::to_string(f.invoiced().minor_units()) + " " +
           std::to_string(f.paid().minor_units()) + " " +
           std::to_string(f.outstanding().minor_units()) + " | " +
           std::to_string(a.not_due().minor_units()) + " " +
           std::to_string(a.overdue_1_to_30_days().minor_units()) + " " +
           std::to_string(a.overdue_31_to_60_days().minor_units()) + " " +
           std::to_string(a.overdue_61_to_90_days().minor_units()) + " " +
           std::to_string(a.overdue_over_90_days().minor_units());
  }

  // Every group as "key: figures".
  static std::vector<std::string> Groups(const crm::accounting::v1::Receivables& r) {
    std::vector<std::string> out;
    for (const auto& group : r.groups()) {
      out.push_back(group.key() + ": " + Figures(group.figures()));
    }
    return out;
  }

  const std::string m1_ = "employees/" + common::NewUuid();
  const std::string m2_ = "employees/" + common::NewUuid();
  const std::string e1_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  const std::string e2_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  std::map<std::string, std::string> clients_;
};

constexpr std::chrono::year_month_day kMarch10{std::chrono::year(2026), std::chrono::month(3),
                                               std::chrono::day(10)};

TEST_F(ReceivablesTest, OverdueIsReportedOnceAndNeverForPaidReplacedAnnulledOrNotYetDue) {
  const auto due = Day(2026, 3, 1);
  const std::string unpaid = Invoice("2026-000201", 50000, "6316000001", m1_, e1_, due);
  const std::string part = Invoice("2026-000202", 40000, "7707000000", m2_, e2_, due);
  const std::string paid = Invoice("2026-000203", 30000, "7736207543", m1_, e1_, due);
  const std::string replaced = Invoice("2026-000204", 20000, "6316000002", m1_, e1_, due);
  const std::string replacing =
      IssueInvoice("2026-000205", 20000, "6316000002", [&](events::v1::DocumentIssued& ev) {
        ev.set_replaces("documents/" + replaced);
        *ev.mutable_payment_due_date() = Day(2026, 3, 20);
      });
  const std::string annulled = Invoice("2026-000206", 10000, "6316000003", m2_, e2_, due);
  const std::string no_due_date = Invoice("2026-000207", 10000, "6316000004", m2_, e2_, {});
  Annul(annulled, "2026-000206");
  // 100.00 of 400.00 paid on one; another paid in full (statement of 02.03.2026).
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementOf({"11|100.00|7707000000|Оплата по счету 2026-000202",
                                  "12|300.00|7736207543|Оплата по счету 2026-000203"}),
                     &imported)
                  .ok());
  ASSERT_EQ(Paid(paid), 30000);

  // Not yet due on its due date.
  EXPECT_EQ(
      app::ReportOverdueInvoices(
          server_->pool(), std::chrono::year_month_day(std::chrono::year(2026),
                                                       std::chrono::month(3), std::chrono::day(1))),
      0);
  // The job twice (two replicas one after the other): each invoice once.
  EXPECT_EQ(app::ReportOverdueInvoices(server_->pool(), kMarch10), 2);
  EXPECT_EQ(app::ReportOverdueInvoices(server_->pool(), kMarch10), 0);
  EXPECT_EQ(Emitted("crm.accounting.invoice.overdue"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices WHERE overdue_notified"), 2);

  const auto events = crm::testing::ReadStream(nats_, events::v1::kInvoiceOverdue, 2);
  ASSERT_EQ(events.size(), 2U);
  std::map<std::string, events::v1::InvoiceOverdue> by_document;
  for (const auto& event : events) {
    events::v1::InvoiceOverdue overdue;
    common::bus::FromJson(event.data, &overdue);
    by_document[overdue.document()] = overdue;
  }
  ASSERT_EQ(by_document.count("documents/" + unpaid), 1U);
  ASSERT_EQ(by_document.count("documents/" + part), 1U);
  const events::v1::InvoiceOverdue& reported = by_document["documents/" + part];
  EXPECT_EQ(reported.number(), "2026-000202");
  EXPECT_EQ(reported.client_inn(), "7707000000");
  EXPECT_EQ(reported.client(), "clients/" + ClientOf("7707000000"));
  EXPECT_THAT(reported.sale(), ::testing::StartsWith("sales/"));
  EXPECT_EQ(reported.manager(), m2_);
  EXPECT_EQ(reported.edition(), e2_);
  EXPECT_EQ(reported.edition_display_name(), "Выставка " + e2_.substr(e2_.size() - 4));
  EXPECT_EQ(reported.payment_due_date().day(), 1);
  EXPECT_EQ(reported.total().minor_units(), 40000);
  EXPECT_EQ(reported.paid().minor_units(), 10000);
  EXPECT_EQ(reported.outstanding().minor_units(), 30000);
  EXPECT_EQ(reported.days_overdue(), 9);

  // Later the replacing invoice falls due too; the others are never reported.
  EXPECT_EQ(
      app::ReportOverdueInvoices(
          server_->pool(), std::chrono::year_month_day(std::chrono::year(2027),
                                                       std::chrono::month(1), std::chrono::day(1))),
      1);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices WHERE overdue_notified AND document_id IN ('" +
                  paid + "', '" + replaced + "', '" + annulled + "', '" + no_due_date + "')"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices WHERE overdue_notified AND document_id = '" +
                  replacing + "'"),
            1);
}

TEST_F(ReceivablesTest, AReplacingInvoiceCarriesThePaymentsOfTheOneItReplaces) {
  const auto due = Day(2026, 3, 1);
  const std::string a = Invoice("2026-000601", 50000, "6316000001", m1_, e1_, due);
  const std::string b = Invoice("2026-000602", 50000, "7707000000", m1_, e1_, due);
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementOf({"31|300.00|6316000001|Оплата по счету 2026-000601",
                                  "32|300.00|7707000000|Оплата по счету 2026-000602"}),
                     &imported)
                  .ok());
  ASSERT_EQ(Paid(a), 30000);
  ASSERT_EQ(Paid(b), 30000);

  // The sales are amended: `a`'s new invoice is for more than was paid, `b`'s for less.
  const auto replace = [&](const std::string& replaced, const std::string& number, int64_t kopecks,
                           const std::string& inn, events::v1::DocumentIssued* sent) {
    return Invoice(number, kopecks, inn, m1_, e1_, due, [&](events::v1::DocumentIssued& ev) {
      ev.set_replaces("documents/" + replaced);
      *sent = ev;
    });
  };
  events::v1::DocumentIssued a2_event;
  events::v1::DocumentIssued b2_event;
  const std::string a2 = replace(a, "2026-000611", 40000, "6316000001", &a2_event);
  const std::string b2 = replace(b, "2026-000612", 20000, "7707000000", &b2_event);
  EXPECT_EQ(Paid(a), 0);
  EXPECT_EQ(Paid(a2), 30000);
  EXPECT_EQ(Paid(b), 0);
  EXPECT_EQ(Paid(b2), 20000);

  Payment first;
  ASSERT_TRUE(Get(imported.payments(0), &first).ok());
  EXPECT_EQ(first.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(first.unallocated_amount().minor_units(), 0);
  ASSERT_EQ(first.allocations_size(), 1);
  EXPECT_EQ(first.allocations(0).invoice(), "documents/" + a2);
  EXPECT_EQ(first.allocations(0).invoice_number(), "2026-000611");
  EXPECT_EQ(first.allocations(0).amount().minor_units(), 30000);
  EXPECT_EQ(first.allocations(0).method(), crm::accounting::v1::ALLOCATION_METHOD_AUTO);
  // What the smaller invoice does not take stays on the payment as an overpayment.
  Payment second;
  ASSERT_TRUE(Get(imported.payments(1), &second).ok());
  EXPECT_EQ(second.match_state(), crm::accounting::v1::PAYMENT_MATCH_STATE_MATCHED);
  EXPECT_EQ(second.unallocated_amount().minor_units(), 10000);
  ASSERT_EQ(second.allocations_size(), 1);
  EXPECT_EQ(second.allocations(0).invoice(), "documents/" + b2);
  EXPECT_EQ(second.allocations(0).amount().minor_units(), 20000);
  // The replacing invoice paid in full by the moved payment: invoice.paid once, for it.
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 1);
  const auto paid_events = crm::testing::ReadStream(nats_, events::v1::kInvoicePaid, 1);
  ASSERT_EQ(paid_events.size(), 1U);
  events::v1::InvoicePaid paid;
  common::bus::FromJson(paid_events[0].data, &paid);
  EXPECT_EQ(paid.document(), "documents/" + b2);
  EXPECT_EQ(paid.paid().minor_units(), 20000);
  EXPECT_THAT(paid.payments(), ElementsAre(second.name()));

  // Receivables count the payments on the invoices in force.
  crm::accounting::v1::GetReceivablesRequest request;
  *request.mutable_as_of() = Day(2026, 6, 30);
  crm::accounting::v1::Receivables receivables;
  ASSERT_TRUE(Receivables(request, &receivables, Token({Role::kAccountant})).ok());
  EXPECT_THAT(
      Groups(receivables),
      ElementsAre("clients/" + ClientOf("6316000001") + ": 40000 30000 10000 | 0 0 0 0 10000",
                  "clients/" + ClientOf("7707000000") + ": 20000 20000 0 | 0 0 0 0 0"));
  // The overdue job reports the one still owing, not the replacement paid in full.
  EXPECT_EQ(app::ReportOverdueInvoices(server_->pool(), kMarch10), 1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM invoices WHERE overdue_notified AND document_id = '" + a2 + "'"),
      1);

  // The same event handled again changes nothing.
  const auto allocations = Count("SELECT count(*) FROM payment_allocations");
  server_->pool().InTransaction([&](pqxx::work& tx) {
    app::RecordIssuedInvoice(tx, b2_event, common::NewUuid());
    app::RecordIssuedInvoice(tx, a2_event, common::NewUuid());
  });
  EXPECT_EQ(Count("SELECT count(*) FROM payment_allocations"), allocations);
  EXPECT_EQ(Paid(a2), 30000);
  EXPECT_EQ(Paid(b2), 20000);
  EXPECT_EQ(Count("SELECT unallocated_kopecks FROM payments WHERE number = '32'"), 10000);
  EXPECT_EQ(Emitted("crm.accounting.invoice.paid"), 1);
}

TEST_F(BankStatementApiTest, TheOverdueJobRunsOnItsOwn) {
  server_.reset();
  server_ = std::make_unique<crm::testing::RunningService>(
      Definition(), url_, nats_,
      std::map<std::string, std::string>{
          {"CRM_EXCHANGE_DIR", (scratch_.path() / "exchange").string()},
          {"CRM_ACCOUNTING_OVERDUE_INTERVAL_MS", "100"}});
  const std::string id = common::NewUuid();
  events::v1::DocumentIssued ev = IssuedInvoice(id, "2026-000301");
  ev.mutable_payment_due_date()->set_year(2026);
  ev.mutable_payment_due_date()->set_month(2);
  ev.mutable_payment_due_date()->set_day(19);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), ev,
                             ev.document());
  EXPECT_TRUE(crm::testing::Eventually([&] {
    return Count("SELECT count(*) FROM outbox WHERE subject = 'crm.accounting.invoice.overdue'") ==
           1;
  }));
}

TEST_F(ReceivablesTest, GetReceivablesSumsPartialPaymentsIntoAgeingBuckets) {
  // As of 30.06.2026: not yet due, 15, 60, 90, 121 and 130 days past due.
  const std::string i1 = Invoice("2026-000101", 100000, "6316000001", m1_, e1_, Day(2026, 7, 10));
  Invoice("2026-000102", 50000, "6316000001", m1_, e1_, Day(2026, 6, 15));
  Invoice("2026-000103", 80000, "7707000000", m2_, e2_, Day(2026, 5, 1));
  Invoice("2026-000104", 40000, "7707000000", m2_, e1_, Day(2026, 4, 1));
  Invoice("2026-000105", 25000, "7736207543", m1_, e2_, Day(2026, 3, 1));
  Invoice("2026-000106", 10000, "7736207543", m2_, e2_, Day(2026, 2, 20));
  ImportBankStatementResponse imported;
  ASSERT_TRUE(Import(StatementOf({"21|300.00|6316000001|Оплата по счету 2026-000101",
                                  "22|200.00|7707000000|Оплата по счету 2026-000103",
                                  "23|250.00|7736207543|Оплата по счету 2026-000105"}),
                     &imported)
                  .ok());
  ASSERT_EQ(Paid(i1), 30000);
  // 2026-000101 replaced after its partial payment (no edition, no due date known): only the
  // invoice in force counts, due on its issue date (14.02), and the payment moved to it.
  IssueInvoice("2026-000107", 99900, "6316000001", [&](events::v1::DocumentIssued& ev) {
    ev.mutable_client()->set_client("clients/" + ClientOf("6316000001"));
    ev.mutable_client()->set_legal_name("Клиент 6316000001");
    ev.set_manager(m1_);
    ev.set_replaces("documents/" + i1);
  });
  // An annulled invoice owes nothing either.
  const std::string annulled = Invoice("2026-000108", 70000, "7707000000", m2_, e2_, {});
  Annul(annulled, "2026-000108");

  const std::string accountant = Token({Role::kAccountant});
  crm::accounting::v1::GetReceivablesRequest request;
  *request.mutable_as_of() = Day(2026, 6, 30);
  crm::accounting::v1::Receivables by_client;
  ASSERT_TRUE(Receivables(request, &by_client, accountant).ok());
  EXPECT_EQ(by_client.group_by(), crm::accounting::v1::RECEIVABLES_GROUPING_CLIENT);
  EXPECT_EQ(by_client.as_of().month(), 6);
  EXPECT_THAT(
      Groups(by_client),
      ElementsAre("clients/" + ClientOf("6316000001") + ": 149900 30000 119900 | 0 50000 0 0 69900",
                  "clients/" + ClientOf("7707000000") + ": 120000 20000 100000 | 0 0 60000 40000 0",
                  "clients/" + ClientOf("7736207543") + ": 35000 25000 10000 | 0 0 0 0 10000"));
  EXPECT_EQ(by_client.groups(1).display_name(), "Клиент 7707000000");
  EXPECT_EQ(by_client.groups(1).client_inn(), "7707000000");
  EXPECT_EQ(by_client.groups(1).figures().invoice_count(), 2);
  EXPECT_EQ(Figures(by_client.total()), "304900 75000 229900 | 0 50000 60000 40000 79900");

  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_MANAGER);
  crm::accounting::v1::Receivables by_manager;
  ASSERT_TRUE(Receivables(request, &by_manager, accountant).ok());
  EXPECT_THAT(Groups(by_manager), ElementsAre(m1_ + ": 174900 55000 119900 | 0 50000 0 0 69900",
                                              m2_ + ": 130000 20000 110000 | 0 0 60000 40000 "
                                                    "10000"));

  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_EDITION);
  crm::accounting::v1::Receivables by_edition;
  ASSERT_TRUE(Receivables(request, &by_edition, accountant).ok());
  // The replacing invoice names no edition: a group of its own with an empty key.
  EXPECT_THAT(Groups(by_edition), ElementsAre(e1_ + ": 90000 0 90000 | 0 50000 0 40000 0",
                                              e2_ + ": 115000 45000 70000 | 0 0 60000 0 10000",
                                              ": 99900 30000 69900 | 0 0 0 0 69900"));

  // Before the payments' date (02.03.2026) nothing was paid; filters narrow the invoices.
  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_CLIENT);
  *request.mutable_as_of() = Day(2026, 3, 1);
  request.set_client("clients/" + ClientOf("7707000000"));
  crm::accounting::v1::Receivables early;
  ASSERT_TRUE(Receivables(request, &early, accountant).ok());
  EXPECT_THAT(Groups(early), ElementsAre("clients/" + ClientOf("7707000000") +
                                         ": 120000 0 120000 | 120000 0 0 0 0"));
}

// What is owed for an edition that has not opened yet is the money to collect before the show;
// the editions' start dates come from registry's events.
TEST_F(ReceivablesTest, WhatIsOwedForEditionsNotYetOpenIsDueBeforeOpening) {
  const auto open_edition = [&](const std::string& edition, int month, int day) {
    events::v1::EditionCreated created;
    created.mutable_edition()->set_edition(edition);
    created.mutable_edition()->set_display_name("Выставка");
    if (month > 0) {
      *created.mutable_edition()->mutable_start_date() = Day(2026, month, day);
    }
    crm::testing::PublishEvent(nats_, events::v1::kEditionCreated, common::NewUuid(), created,
                               crm::testing::PublishOptions{edition, "", "2026-01-01T10:00:00Z"});
  };
  const std::string later = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  open_edition(e1_, 9, 15);   // opens after 30.06
  open_edition(e2_, 5, 1);    // opened before
  open_edition(later, 0, 0);  // no date known yet
  ASSERT_TRUE(
      crm::testing::Eventually([&] { return Count("SELECT count(*) FROM editions") == 3; }));
  Invoice("2026-000301", 100000, "6316000001", m1_, e1_, Day(2026, 6, 15));
  Invoice("2026-000302", 50000, "7707000000", m2_, e2_, Day(2026, 4, 1));
  Invoice("2026-000303", 20000, "7736207543", m1_, later, Day(2026, 8, 1));
  ImportBankStatementResponse imported;
  ASSERT_TRUE(
      Import(StatementOf({"31|300.00|6316000001|Оплата по счету 2026-000301"}), &imported).ok());

  crm::accounting::v1::GetReceivablesRequest request;
  *request.mutable_as_of() = Day(2026, 6, 30);
  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_EDITION);
  crm::accounting::v1::Receivables by_edition;
  ASSERT_TRUE(Receivables(request, &by_edition, Token({Role::kAccountant})).ok());
  ASSERT_EQ(by_edition.groups_size(), 3);
  for (const auto& group : by_edition.groups()) {
    if (group.key() == e1_) {
      EXPECT_EQ(group.figures().due_before_opening().minor_units(), 70000);
      EXPECT_EQ(group.opening_date().month(), 9);
      EXPECT_EQ(group.opening_date().day(), 15);
    } else if (group.key() == e2_) {
      EXPECT_EQ(group.figures().due_before_opening().minor_units(), 0);
      EXPECT_EQ(group.opening_date().month(), 5);
    } else {
      EXPECT_EQ(group.key(), later);
      EXPECT_EQ(group.figures().due_before_opening().minor_units(), 0);
      EXPECT_FALSE(group.has_opening_date());
    }
  }
  EXPECT_EQ(by_edition.total().due_before_opening().minor_units(), 70000);

  // As of the day before the second edition opened, its debt is due before opening too.
  *request.mutable_as_of() = Day(2026, 4, 30);
  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_CLIENT);
  crm::accounting::v1::Receivables by_client;
  ASSERT_TRUE(Receivables(request, &by_client, Token({Role::kAccountant})).ok());
  EXPECT_EQ(by_client.total().due_before_opening().minor_units(), 70000 + 50000);
  EXPECT_FALSE(by_client.groups(0).has_opening_date());
}

TEST_F(ReceivablesTest, GetReceivablesShowsEachCallerTheSalesTheyReach) {
  const std::string department = common::NewUuid();
  const std::string head = "employees/" + common::NewUuid();
  PlaceInDepartment(m1_, department);
  PlaceInDepartment(head, department);
  PlaceInDepartment(m2_, common::NewUuid());
  Invoice("2026-000401", 10000, "6316000001", m1_, e1_, Day(2026, 3, 1));
  Invoice("2026-000402", 20000, "7707000000", m2_, e1_, Day(2026, 3, 1));
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return Count("SELECT count(*) FROM employees WHERE department_id IS NOT NULL") == 3;
  }));

  crm::accounting::v1::GetReceivablesRequest request;
  request.set_group_by(crm::accounting::v1::RECEIVABLES_GROUPING_MANAGER);
  *request.mutable_as_of() = Day(2026, 6, 30);
  const auto keys = [&](const std::string& token) {
    crm::accounting::v1::Receivables out;
    std::vector<std::string> found;
    if (Receivables(request, &out, token).ok()) {
      for (const auto& group : out.groups()) {
        found.push_back(group.key());
      }
    }
    return found;
  };
  EXPECT_THAT(keys(crm::testing::TokenFor(m1_, {Role::kSalesManager})), ElementsAre(m1_));
  EXPECT_THAT(keys(crm::testing::TokenFor(m2_, {Role::kSalesManager})), ElementsAre(m2_));
  EXPECT_THAT(keys(crm::testing::TokenFor(head, {Role::kSalesHead})), ElementsAre(m1_));
  EXPECT_THAT(keys(Token({Role::kAccountant})), ElementsAre(m2_, m1_));
  EXPECT_THAT(keys(Token({Role::kAnalyst})), ElementsAre(m2_, m1_));
  EXPECT_THAT(keys(Token({Role::kAdmin})), ElementsAre(m2_, m1_));

  // Another manager's receivables asked by name: refused, for a manager and for another
  // department's head.
  crm::accounting::v1::Receivables out;
  request.set_manager(m2_);
  EXPECT_EQ(
      Receivables(request, &out, crm::testing::TokenFor(m1_, {Role::kSalesManager})).error_code(),
      grpc::PERMISSION_DENIED);
  EXPECT_EQ(
      Receivables(request, &out, crm::testing::TokenFor(head, {Role::kSalesHead})).error_code(),
      grpc::PERMISSION_DENIED);
  request.clear_manager();
  EXPECT_EQ(Receivables(request, &out, Token({})).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Receivables(request, &out, "").error_code(), grpc::UNAUTHENTICATED);
}

TEST_F(ReceivablesTest, GetReceivablesRefusesBadInputFieldByField) {
  Invoice("2026-000501", 10000, "6316000001", m1_, e1_, Day(2026, 3, 1));
  const int64_t outbox = Count("SELECT count(*) FROM outbox");
  crm::accounting::v1::GetReceivablesRequest request;
  request.set_group_by(static_cast<crm::accounting::v1::ReceivablesGrouping>(9));
  *request.mutable_as_of() = Day(2026, 2, 30);
  request.set_client("client/1");
  request.set_edition("editions/" + common::NewUuid());
  request.set_manager("managers/1");
  crm::accounting::v1::Receivables out;
  grpc::Status status = Receivables(request, &out, Token({Role::kAccountant}));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ::testing::UnorderedElementsAre("group_by", "as_of", "client", "edition", "manager"));

  // A day after today is not known yet.
  crm::accounting::v1::GetReceivablesRequest future;
  *future.mutable_as_of() = Day(9999, 12, 31);
  status = Receivables(future, &out, Token({Role::kAccountant}));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("as_of"));
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), outbox);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices"), 1);
}

}  // namespace
}  // namespace crm::accounting
