// Accounting against a real PostgreSQL and nats-server: DocumentIssued events in, files in the
// exchange directory, export rows and ExportCompleted events out, and the read API.

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/app/export_document.h"
#include "services/accounting/events/handlers.h"
#include "services/accounting/service.h"
#include "services/accounting/store/exchange_directory.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::accounting {
namespace {

namespace fs = std::filesystem;
using common::auth::Role;
using crm::accounting::v1::AccountingService;
using crm::accounting::v1::Export;
using crm::accounting::v1::GetExportRequest;
using crm::accounting::v1::ListExportsRequest;
using crm::accounting::v1::ListExportsResponse;
using crm::events::v1::DocumentIssued;
using crm::events::v1::ExportCompleted;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

void SetRub(crm::common::v1::Money* money, int64_t kopecks) {
  money->set_currency_code("RUB");
  money->set_minor_units(kopecks);
}

// An invoice for 12.5 m² at 9 760.00 ₽/m² + 22% VAT = 148 840.00 ₽.
DocumentIssued Invoice(const std::string& document_id, const std::string& number) {
  DocumentIssued ev;
  ev.set_document("documents/" + document_id);
  ev.set_type("INVOICE");
  ev.set_number(number);
  ev.set_sequence_number(7);
  ev.mutable_issue_date()->set_year(2026);
  ev.mutable_issue_date()->set_month(2);
  ev.mutable_issue_date()->set_day(14);
  ev.mutable_issuer()->set_issuer("issuers/main");
  ev.mutable_issuer()->set_legal_name("ООО «Экспо»");
  ev.mutable_issuer()->set_inn("7707083893");
  ev.mutable_issuer()->set_kpp("770701001");
  ev.set_sale("sales/" + common::NewUuid());
  auto* client = ev.mutable_client();
  client->set_client("clients/" + common::NewUuid());
  client->set_display_name("Ромашка");
  client->set_legal_name("АО «Ромашка»");
  client->set_inn("7736207543");
  client->set_kpp("773601001");
  client->set_legal_address("г. Самара, ул. Ленинградская, д. 1");
  ev.set_edition_display_name("Стройэкспо 2026");
  auto* line = ev.add_lines();
  line->set_description("Выставочная площадь");
  line->set_quantity_milli(12500);
  line->set_unit("м²");
  SetRub(line->mutable_unit_price(), 976000);
  SetRub(line->mutable_net_amount(), 12200000);
  line->set_vat_rate_bp(2200);
  SetRub(line->mutable_vat_amount(), 2684000);
  SetRub(line->mutable_total_amount(), 14884000);
  SetRub(ev.mutable_net_amount(), 12200000);
  ev.set_vat_rate_bp(2200);
  SetRub(ev.mutable_vat_amount(), 2684000);
  SetRub(ev.mutable_total_amount(), 14884000);
  ev.set_total_in_words("Сто сорок восемь тысяч восемьсот сорок рублей 00 копеек");
  ev.set_file_name("invoice.pdf");
  ev.set_sha256(std::string(64, 'b'));
  return ev;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every regular file in `dir`, by name.
std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class AccountingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("accounting");
    nats_ = crm::testing::TestEnvironment::Get().FreshNats();
    const fs::path exchange_path = scratch_.path() / "exchange" / "in";
    server_ = std::make_unique<crm::testing::RunningService>(
        Definition(), url_, nats_,
        // These tests are the JSON packages' (docs/accounting-exchange.md); the EnterpriseData
        // exchange has enterprise_data_test.cpp.
        std::map<std::string, std::string>{{"CRM_EXCHANGE_DIR", exchange_path.string()},
                                           {"CRM_ACCOUNTING_EXCHANGE_FORMAT", "json"}});
    // The same directory as the service's, for the tests that call the handler directly.
    exchange_ = std::make_unique<ExchangeDirectory>(exchange_path);
    stub_ = AccountingService::NewStub(server_->channel());
  }

  void TearDown() override { server_.reset(); }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  int64_t Count(const std::string& sql, const std::string& param) {
    return server_->pool().Read(
        [&](pqxx::read_transaction& tx) { return tx.exec_params(sql, param)[0][0].as<int64_t>(); });
  }

  // Runs the handler directly, as the consumer would, and commits.
  void ExportDirectly(const DocumentIssued& ev, const std::string& event_id) {
    common::bus::InboundEvent meta;
    meta.id = event_id;
    meta.subject = events::v1::kDocumentIssued.subject;
    server_->pool().InTransaction(
        [&](pqxx::work& tx) { app::ExportDocument(tx, ev, meta.id, *exchange_); });
  }

  static std::string Token(std::vector<Role> roles) {
    return crm::testing::TokenFor("employees/" + common::NewUuid(), std::move(roles));
  }

  grpc::Status Get(const std::string& name, Export* out,
                   const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    GetExportRequest request;
    request.set_name(name);
    return stub_->GetExport(&ctx, request, out);
  }

  grpc::Status List(const ListExportsRequest& request, ListExportsResponse* out,
                    const std::string& token = Token({Role::kAccountant})) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    return stub_->ListExports(&ctx, request, out);
  }

  crm::testing::TempDir scratch_{"crm-accounting-test"};
  std::string url_;
  std::string nats_;
  // crm-accounting as its main.cpp assembles it (services/accounting/service.h).
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<ExchangeDirectory> exchange_;
  std::unique_ptr<AccountingService::Stub> stub_;
};

TEST_F(AccountingTest, CreatesAMissingExchangeDirectory) {
  EXPECT_TRUE(fs::is_directory(scratch_.path() / "exchange" / "in"));
}

TEST_F(AccountingTest, ExportsAnIssuedDocumentForOneC) {
  const std::string document_id = common::NewUuid();
  const std::string event_id = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, event_id,
                             Invoice(document_id, "2026-000007"), "documents/" + document_id);

  ASSERT_TRUE(crm::testing::Eventually([&] { return Count("SELECT count(*) FROM exports") == 1; }));
  const std::string file_name = "20260214_INVOICE_2026-000007_" + document_id + ".json";
  EXPECT_THAT(FilesIn(exchange_->path()), ElementsAre(file_name));

  const std::string bytes = ReadFile(exchange_->path() / file_name);
  auto json = nlohmann::json::parse(bytes);
  EXPECT_EQ(json["format"], "expo-crm.accounting-export");
  EXPECT_EQ(json["format_version"], 1);
  EXPECT_EQ(json["operation"], "issue");
  EXPECT_EQ(json["source_event_id"], event_id);
  EXPECT_EQ(json["document"]["id"], document_id);
  EXPECT_EQ(json["document"]["number"], "2026-000007");
  EXPECT_EQ(json["document"]["date"], "2026-02-14T00:00:00");
  EXPECT_EQ(json["issuer"]["inn"], "7707083893");
  EXPECT_EQ(json["counterparty"]["name"], "АО «Ромашка»");
  EXPECT_EQ(json["counterparty"]["inn"], "7736207543");
  EXPECT_EQ(json["counterparty"]["kpp"], "773601001");
  EXPECT_EQ(json["lines"][0]["quantity"], "12.500");
  EXPECT_EQ(json["lines"][0]["net"], "122000.00");
  EXPECT_EQ(json["lines"][0]["net_kopecks"], 12200000);
  EXPECT_EQ(json["totals"]["total"], "148840.00");
  EXPECT_EQ(json["totals"]["total_kopecks"], 14884000);

  // The record: found by listing, then by name, with the file's hash and size.
  ListExportsResponse listed;
  ASSERT_TRUE(List(ListExportsRequest(), &listed).ok());
  ASSERT_EQ(listed.exports_size(), 1);
  Export got;
  ASSERT_TRUE(Get(listed.exports(0).name(), &got).ok());
  EXPECT_EQ(got.document(), "documents/" + document_id);
  EXPECT_EQ(got.document_number(), "2026-000007");
  EXPECT_EQ(got.file_name(), file_name);
  EXPECT_EQ(got.sha256(), common::db::Sha256Hex(bytes));
  EXPECT_EQ(got.size_bytes(), static_cast<int64_t>(bytes.size()));
  EXPECT_TRUE(got.has_create_time());
  // The bytes are kept too, to refill a lost exchange volume.
  EXPECT_EQ(Count("SELECT count(*) FROM exports WHERE content = $1", bytes), 1);

  // The event, published by the relay from the same transaction.
  auto events = crm::testing::ReadStream(nats_, "crm.accounting.>", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].subject, events::v1::kExportCompleted.subject);
  ExportCompleted completed;
  common::bus::FromJson(events[0].data, &completed);
  EXPECT_EQ(completed.export_(), got.name());
  EXPECT_EQ(completed.document(), got.document());
  EXPECT_EQ(completed.document_number(), "2026-000007");
  EXPECT_EQ(completed.file_name(), file_name);
  EXPECT_EQ(completed.sha256(), got.sha256());
  EXPECT_EQ(completed.size_bytes(), got.size_bytes());
  EXPECT_EQ(completed.operation(), "issue");
  EXPECT_EQ(got.operation(), crm::accounting::v1::EXPORT_OPERATION_ISSUE);
}

TEST_F(AccountingTest, AnAnnulledDocumentIsExportedOnceMoreAsVoid) {
  // The company's time zone, as ServiceMain sets it from CRM_TIME_ZONE.
  setenv("TZ", "Europe/Samara", 1);
  tzset();
  const std::string document_id = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(),
                             Invoice(document_id, "2026-000008"), "documents/" + document_id);
  ASSERT_TRUE(crm::testing::Eventually([&] { return Count("SELECT count(*) FROM exports") == 1; }));

  // The sale was cancelled on 1 March 2026 at 22:30 UTC: 2 March in Samara, where the company is.
  events::v1::DocumentAnnulled annulled;
  annulled.set_document("documents/" + document_id);
  annulled.set_type("INVOICE");
  annulled.set_number("2026-000008");
  annulled.set_sale("sales/" + common::NewUuid());
  annulled.set_reason("Клиент отказался от участия");
  annulled.set_annulled_by("employees/" + common::NewUuid());
  *annulled.mutable_annul_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1772404200);
  const std::string event_id = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, event_id, annulled,
                             annulled.document());
  // Delivered twice (a new event id for the same annulment): exported once.
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().processed() >= 3; }));
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 2);

  const std::string file_name = "20260302_INVOICE_2026-000008_" + document_id + "_annul.json";
  EXPECT_THAT(FilesIn(exchange_->path()),
              ElementsAre("20260214_INVOICE_2026-000008_" + document_id + ".json", file_name));
  const auto json = nlohmann::json::parse(ReadFile(exchange_->path() / file_name));
  EXPECT_EQ(json["format"], "expo-crm.accounting-export");
  EXPECT_EQ(json["operation"], "annul");
  EXPECT_EQ(json["source_event_id"], event_id);
  EXPECT_EQ(json["document"]["id"], document_id);
  EXPECT_EQ(json["document"]["number"], "2026-000008");
  EXPECT_EQ(json["document"]["sale"], annulled.sale());
  EXPECT_EQ(json["annulment"]["date"], "2026-03-02T00:00:00");
  EXPECT_EQ(json["annulment"]["reason"], "Клиент отказался от участия");
  EXPECT_EQ(json["annulment"]["annulled_by"], annulled.annulled_by());

  ListExportsResponse listed;
  ASSERT_TRUE(List(ListExportsRequest(), &listed).ok());
  ASSERT_EQ(listed.exports_size(), 2);
  EXPECT_EQ(listed.exports(0).file_name(), file_name);
  EXPECT_EQ(listed.exports(0).operation(), crm::accounting::v1::EXPORT_OPERATION_ANNUL);
  auto events = crm::testing::ReadStream(nats_, "crm.accounting.>", 2);
  ASSERT_EQ(events.size(), 2u);
  ExportCompleted completed;
  common::bus::FromJson(events[1].data, &completed);
  EXPECT_EQ(completed.operation(), "annul");
  EXPECT_EQ(completed.file_name(), file_name);

  // An annulment without its document's name cannot be exported: dead-lettered, nothing written.
  annulled.clear_document();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentAnnulled, common::NewUuid(), annulled);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 2);
}

TEST_F(AccountingTest, RedeliveryAndANewEventForTheSameDocumentExportOnce) {
  const std::string document_id = common::NewUuid();
  const DocumentIssued ev = Invoice(document_id, "2026-000008");
  const std::string first_id = common::NewUuid();
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, first_id, ev);
  // The same event delivered again (a new Nats-Msg-Id gets it past the stream's dedup), then
  // the same document under a new event id.
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, first_id, ev, "",
                             common::NewUuid());
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), ev);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().processed() >= 3; }));

  // A second durable consumer replays the whole stream through the handler, as a redelivery
  // past the inbox would: the unique document keeps it to one export.
  common::bus::ConsumerOptions replay_options = DocumentsConsumerOptions();
  replay_options.durable = "accounting-replay";
  common::bus::EventConsumer replay(server_->pool(), nats_, common::bus::StreamLayout{},
                                    replay_options, DocumentsRouter(*exchange_));
  replay.Start();
  ASSERT_TRUE(crm::testing::Eventually([&] { return replay.processed() >= 3; }));
  replay.Stop();

  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 1);
  const std::string file_name = "20260214_INVOICE_2026-000008_" + document_id + ".json";
  EXPECT_THAT(FilesIn(exchange_->path()), ElementsAre(file_name));
  // The file is the first event's, untouched by the later ones.
  const std::string bytes = ReadFile(exchange_->path() / file_name);
  EXPECT_EQ(nlohmann::json::parse(bytes)["source_event_id"], first_id);
  EXPECT_EQ(Count("SELECT count(*) FROM exports WHERE source_event_id = '" + first_id +
                  "' AND sha256 = '" + common::db::Sha256Hex(bytes) + "'"),
            1);
  ASSERT_TRUE(crm::testing::Eventually(
      [&] { return Count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0; }));
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), 1);
  EXPECT_EQ(crm::testing::ReadStream(nats_, "crm.accounting.>", 2, std::chrono::seconds(2)).size(),
            1u);
  EXPECT_EQ(server_->consumer().dead_lettered(), 0u);
}

TEST_F(AccountingTest, AWriteWhoseTransactionDidNotCommitIsRewrittenIdentically) {
  const std::string document_id = common::NewUuid();
  const DocumentIssued ev = Invoice(document_id, "2026-000009");
  const std::string event_id = common::NewUuid();
  common::bus::InboundEvent meta;
  meta.id = event_id;
  // A crash after the file write and before the commit: the file is there, nothing recorded.
  {
    auto lease = server_->pool().Acquire();
    pqxx::work tx(*lease);
    app::ExportDocument(tx, ev, meta.id, *exchange_);
    tx.abort();
  }
  const std::string file_name = "20260214_INVOICE_2026-000009_" + document_id + ".json";
  const std::string first = ReadFile(exchange_->path() / file_name);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 0);

  // The redelivery writes the same bytes under the same name and records them.
  ExportDirectly(ev, event_id);
  EXPECT_THAT(FilesIn(exchange_->path()), ElementsAre(file_name));
  EXPECT_EQ(ReadFile(exchange_->path() / file_name), first);
  EXPECT_EQ(
      Count("SELECT count(*) FROM exports WHERE sha256 = '" + common::db::Sha256Hex(first) + "'"),
      1);
}

TEST_F(AccountingTest, AnInvalidDocumentIsDeadLetteredAndNothingWritten) {
  DocumentIssued ev = Invoice(common::NewUuid(), "");
  crm::testing::PublishEvent(nats_, events::v1::kDocumentIssued, common::NewUuid(), ev);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), 0);
  EXPECT_THAT(FilesIn(exchange_->path()), IsEmpty());
}

TEST_F(AccountingTest, ListsNewestFirstAcrossPages) {
  std::vector<std::string> numbers;
  for (int i = 1; i <= 5; ++i) {
    numbers.push_back("2026-00010" + std::to_string(i));
    ExportDirectly(Invoice(common::NewUuid(), numbers.back()), common::NewUuid());
  }
  std::vector<std::string> seen;
  ListExportsRequest request;
  request.set_page_size(2);
  std::vector<int> page_sizes;
  // A page token is the caller's: every page is asked for by the same accountant.
  const std::string accountant = Token({Role::kAccountant});
  for (int page = 0; page < 10; ++page) {
    ListExportsResponse response;
    ASSERT_TRUE(List(request, &response, accountant).ok());
    page_sizes.push_back(response.exports_size());
    for (const auto& e : response.exports()) {
      seen.push_back(e.document_number());
    }
    if (response.next_page_token().empty()) {
      break;
    }
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 1));
  EXPECT_THAT(seen, ElementsAre(numbers[4], numbers[3], numbers[2], numbers[1], numbers[0]));
}

TEST_F(AccountingTest, ListRejectsABadPageTokenAndANegativePageSize) {
  ExportDirectly(Invoice(common::NewUuid(), "1"), common::NewUuid());
  ListExportsRequest request;
  request.set_page_size(-1);
  request.set_page_token("not a token");
  ListExportsResponse response;
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ::testing::UnorderedElementsAre("page_size", "page_token"));
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 1);
}

TEST_F(AccountingTest, APageTokenIsRefusedToAnotherCaller) {
  for (int i = 1; i <= 3; ++i) {
    ExportDirectly(Invoice(common::NewUuid(), std::to_string(i)), common::NewUuid());
  }
  ListExportsRequest request;
  request.set_page_size(2);
  ListExportsResponse first;
  ASSERT_TRUE(List(request, &first, Token({Role::kAccountant})).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ListExportsResponse response;
  grpc::Status status = List(request, &response, Token({Role::kAccountant}));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("page_token"));
  EXPECT_EQ(response.exports_size(), 0);
}

TEST_F(AccountingTest, ListNeedsAReaderRole) {
  ListExportsResponse response;
  EXPECT_EQ(List(ListExportsRequest(), &response, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(List(ListExportsRequest(), &response, Token({Role::kSalesManager})).error_code(),
            grpc::PERMISSION_DENIED);
  for (Role role : {Role::kAccountant, Role::kSalesHead, Role::kAnalyst, Role::kAdmin}) {
    EXPECT_TRUE(List(ListExportsRequest(), &response, Token({role})).ok());
  }
}

TEST_F(AccountingTest, GetRejectsAMalformedName) {
  Export out;
  for (const std::string& name :
       std::vector<std::string>{"", "exports/42", "documents/" + common::NewUuid()}) {
    grpc::Status status = Get(name, &out);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << name;
    EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("name")) << name;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM exports"), 0);
}

TEST_F(AccountingTest, GetOfAnUnknownExportIsNotFound) {
  const std::string name = "exports/" + common::NewUuid();
  Export out;
  grpc::Status status = Get(name, &out);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(crm::testing::ResourceInfoName(status), name);
}

TEST_F(AccountingTest, GetNeedsAReaderRole) {
  ExportDirectly(Invoice(common::NewUuid(), "1"), common::NewUuid());
  ListExportsResponse listed;
  ASSERT_TRUE(List(ListExportsRequest(), &listed).ok());
  const std::string name = listed.exports(0).name();
  Export out;
  EXPECT_EQ(Get(name, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Get(name, &out, Token({Role::kSalesManager})).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Get(name, &out, Token({Role::kService})).error_code(), grpc::PERMISSION_DENIED);
  for (Role role : {Role::kAccountant, Role::kSalesHead, Role::kAnalyst, Role::kAdmin}) {
    EXPECT_TRUE(Get(name, &out, Token({role})).ok());
  }
}

}  // namespace
}  // namespace crm::accounting
