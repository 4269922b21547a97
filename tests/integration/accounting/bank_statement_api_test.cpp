// Bank statements and payments against a real PostgreSQL and nats-server: ImportBankStatement,
// GetPayment and ListPayments on statement files written from the 1CClientBankExchange 1.03
// description (tests/unit/accounting/statements), and accounting's copy of issued invoices kept
// from documents' events.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "common/core/code_page.h"
#include "common/core/ids.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/service.h"
#include "tests/support/eventually.h"
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
            {"CRM_EXCHANGE_DIR", (scratch_.path() / "exchange").string()}});
    stub_ = AccountingService::NewStub(server_->channel());
  }

  void TearDown() override { server_.reset(); }

  int64_t Count(const std::string& sql) {
    return server_->pool().Read(
        [&](pqxx::read_transaction& tx) { return tx.exec1(sql)[0].as<int64_t>(); });
  }

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

TEST_F(BankStatementApiTest, IssuedInvoicesAreKeptForMatchingAndFollowTheirDocuments) {
  const std::string first = common::NewUuid();
  const std::string second = common::NewUuid();
  const std::string third = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             IssuedInvoice(first, "2026-000007"), "documents/" + first);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             IssuedInvoice(second, "2026-000009", first), "documents/" + second);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             IssuedInvoice(third, "2026-000010"), "documents/" + third);
  events::v1::DocumentAnnulled annulled;
  annulled.set_document("documents/" + third);
  annulled.set_type("INVOICE");
  annulled.set_number("2026-000010");
  annulled.set_sale("sales/" + common::NewUuid());
  annulled.set_reason("Клиент отказался от участия");
  annulled.set_annulled_by("employees/" + common::NewUuid());
  annulled.mutable_annul_time()->set_seconds(1772404200);
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().processed() >= 4; }));

  EXPECT_EQ(Count("SELECT count(*) FROM invoices"), 3);
  EXPECT_EQ(Text("SELECT number || ' ' || issue_date || ' ' || client_inn || ' ' || client_kpp || "
                 "' ' || total_kopecks || ' ' || paid_kopecks || ' ' || state FROM invoices "
                 "WHERE document_id = '" +
                 second + "'"),
            "2026-000009 2026-02-14 7736207543 773601001 14884000 0 issued");
  EXPECT_EQ(Text("SELECT state FROM invoices WHERE document_id = '" + first + "'"), "replaced");
  EXPECT_EQ(Text("SELECT state FROM invoices WHERE document_id = '" + third + "'"), "annulled");
}

}  // namespace
}  // namespace crm::accounting
