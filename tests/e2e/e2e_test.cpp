// The whole sale flow through the five real binaries, over gRPC with JWTs:
// client -> contact -> sale -> invoice PDF -> 1C export file -> analytics report -> events.
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/support/eventually.h"

namespace crm::testing {
namespace {

// Asks a server's reflection service for its service list (grpc.reflection.v1alpha, one
// request on the bidi stream) and returns the raw response bytes, which hold the names.
class ListServicesReactor : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit ListServicesReactor(const std::shared_ptr<grpc::Channel>& channel) {
    grpc::GenericStub stub(channel);
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    stub.PrepareBidiStreamingCall(&context_,
                                  "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                  grpc::StubOptions(), this);
    // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, empty.
    static const char kListServices[] = {0x3A, 0x00};
    grpc::Slice slice(kListServices, sizeof kListServices);
    request_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }
  void OnWriteDone(bool) override { StartWritesDone(); }
  void OnReadDone(bool ok) override {
    if (ok) {
      std::vector<grpc::Slice> slices;
      if (response_.Dump(&slices).ok()) {
        for (const auto& s : slices) {
          bytes_.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
      }
    }
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard lock(mutex_);
    status_ = status;
    done_ = true;
    cv_.notify_one();
  }
  std::string Await() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return done_; });
    return bytes_;
  }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::string bytes_;
  grpc::Status status_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

using google::protobuf::util::TimeUtil;

class EndToEnd : public StackTest {};

std::string Year() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return std::to_string(local.tm_year + 1900);
}

TEST_F(EndToEnd, SaleFlowsThroughAllFiveServices) {
  Flow flow(*stack_);
  ASSERT_NO_FATAL_FAILURE(flow.SetUpReferenceData("7707083893", "773601001"));

  // Contact -> sale: 12.5 m² at 8 000,00 RUB/m² = 100 000,00 net, 22% VAT, 122 000,00 total.
  auto contact = flow.PlanCall();
  ASSERT_FALSE(contact.name().empty());
  const std::string request_id = "e2e-sale-" + common::NewUuid();
  auto completed = flow.RecordSale(contact.name(), 1250, request_id);
  const auto& sale = completed.sale();
  ASSERT_FALSE(sale.name().empty());
  EXPECT_EQ(sale.net_amount().minor_units(), 10000000);
  EXPECT_EQ(sale.vat_rate_bp(), 2200);
  EXPECT_EQ(sale.vat_amount().minor_units(), 2200000);
  EXPECT_EQ(sale.total_amount().minor_units(), 12200000);

  // Invoice: issued by documents from sale.recorded, exactly one.
  std::vector<documents::v1::Document> invoices;
  ASSERT_TRUE(Eventually([&] {
    invoices = flow.InvoicesFor(sale.name());
    return !invoices.empty();
  })) << stack_->Log("documents");
  ASSERT_EQ(invoices.size(), 1u);
  const auto& invoice = invoices[0];
  // The rest of the sale's package follows the invoice, each kind once.
  const std::multiset<documents::v1::DocumentType> whole_package = {
      documents::v1::DOCUMENT_TYPE_INVOICE,          documents::v1::DOCUMENT_TYPE_APPLICATION,
      documents::v1::DOCUMENT_TYPE_CONTRACT,         documents::v1::DOCUMENT_TYPE_CHECKLIST,
      documents::v1::DOCUMENT_TYPE_MARKETING_MANUAL, documents::v1::DOCUMENT_TYPE_TECHNICAL_MANUAL};
  std::multiset<documents::v1::DocumentType> kinds;
  EXPECT_TRUE(Eventually([&] {
    kinds.clear();
    for (const documents::v1::Document& document : flow.DocumentsFor(sale.name())) {
      kinds.insert(document.type());
    }
    return kinds == whole_package;
  })) << kinds.size()
      << " documents";
  EXPECT_EQ(invoice.type(), documents::v1::DOCUMENT_TYPE_INVOICE);
  EXPECT_EQ(invoice.number(), Year() + "-000001");
  EXPECT_EQ(invoice.total_amount().minor_units(), 12200000);
  EXPECT_EQ(invoice.total_in_words(), "Сто двадцать две тысячи рублей 00 копеек");

  documents::v1::DownloadDocumentRequest download;
  download.set_name(invoice.name());
  documents::v1::DownloadDocumentResponse file;
  ASSERT_TRUE(
      flow.documents->DownloadDocument(Ctx(flow.manager_token).get(), download, &file).ok());
  EXPECT_EQ(file.content_type(), "application/pdf");
  std::string text = PdfText(file.content());
  EXPECT_NE(text.find(flow.client_legal_name), std::string::npos) << text;
  EXPECT_NE(text.find(invoice.number()), std::string::npos) << text;
  EXPECT_NE(text.find("122 000,00"), std::string::npos) << text;
  EXPECT_NE(text.find("Сто двадцать две тысячи рублей 00 копеек"), std::string::npos) << text;
  EXPECT_NE(text.find("7707083893"), std::string::npos) << text;

  // 1C export: one file in the exchange directory, recorded and listed.
  accounting::v1::ListExportsResponse exports;
  ASSERT_TRUE(Eventually([&] {
    accounting::v1::ListExportsRequest req;
    exports.Clear();
    return flow.accounting->ListExports(Ctx(flow.admin_token).get(), req, &exports).ok() &&
           exports.exports_size() == 1;
  })) << stack_->Log("accounting");
  const auto& exported = exports.exports(0);
  EXPECT_EQ(exported.document(), invoice.name());
  auto path = stack_->exchange_dir() / exported.file_name();
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  std::ifstream in(path);
  auto package = nlohmann::json::parse(in);
  EXPECT_NE(package.dump().find(invoice.number()), std::string::npos);
  EXPECT_NE(package.dump().find("7707083893"), std::string::npos);

  // Analytics: the manager's report for today counts the call and the sale.
  analytics::v1::GetManagerReportRequest report_req;
  report_req.set_manager(flow.manager);
  auto now = TimeUtil::GetCurrentTime();
  *report_req.mutable_start_time() = now - TimeUtil::HoursToDuration(24);
  *report_req.mutable_end_time() = now + TimeUtil::HoursToDuration(24);
  analytics::v1::ManagerReport report;
  ASSERT_TRUE(Eventually([&] {
    report.Clear();
    return flow.analytics->GetManagerReport(Ctx(flow.manager_token).get(), report_req, &report)
               .ok() &&
           report.sales_count() == 1 && report.contacts_by_result_size() > 0;
  })) << report.DebugString()
      << stack_->Log("analytics");
  EXPECT_EQ(report.sales_count(), 1);
  EXPECT_EQ(report.area_dm2(), 1250);
  EXPECT_EQ(report.net_amount().minor_units(), 10000000);
  EXPECT_EQ(report.total_amount().minor_units(), 12200000);
  ASSERT_EQ(report.contacts_by_type_size(), 1);
  EXPECT_EQ(report.contacts_by_type(0).key(), "CONTACT_TYPE_CALL");
  EXPECT_EQ(report.contacts_by_type(0).count(), 1);
  ASSERT_EQ(report.contacts_by_result_size(), 1);
  EXPECT_EQ(report.contacts_by_result(0).key(), "sale");
  EXPECT_EQ(report.conversion_bp(), 10000);

  // The stream: every expected event type, in causal order, with CloudEvents types.
  const std::vector<std::string_view> expected = {
      events::v1::kEmployeeCreated.subject, events::v1::kEditionCreated.subject,
      events::v1::kClientCreated.subject,   events::v1::kContactPersonCreated.subject,
      events::v1::kContactPlanned.subject,  events::v1::kContactCompleted.subject,
      events::v1::kSaleRecorded.subject,    events::v1::kDocumentIssued.subject,
      events::v1::kExportCompleted.subject};
  auto events = ReadStream(stack_->nats_url(), "crm.>", expected.size());
  std::size_t next = 0;
  for (const auto& ev : events) {
    EXPECT_EQ(ev.type, ev.subject + ".v1");
    if (next < expected.size() && ev.subject == expected[next]) {
      ++next;
    }
  }
  std::string seen;
  for (const auto& ev : events) {
    seen += ev.subject + "\n";
  }
  EXPECT_EQ(next, expected.size()) << "events on the stream:\n" << seen;

  // The manager's request id travels with the sale through every service's events.
  for (const auto& ev : events) {
    if (ev.subject == events::v1::kContactCompleted.subject ||
        ev.subject == events::v1::kSaleRecorded.subject ||
        ev.subject == events::v1::kDocumentIssued.subject ||
        ev.subject == events::v1::kExportCompleted.subject) {
      EXPECT_EQ(ev.request_id, request_id) << ev.subject;
    }
  }

  // The sale event carries what an outside subscriber needs, without calling back.
  for (const auto& ev : events) {
    if (ev.subject == events::v1::kSaleRecorded.subject) {
      events::v1::SaleRecorded recorded;
      common::bus::FromJson(ev.data, &recorded);
      EXPECT_EQ(recorded.sale(), sale.name());
      EXPECT_EQ(recorded.client().inn(), "7707083893");
      EXPECT_EQ(recorded.client().legal_name(), flow.client_legal_name);
      EXPECT_EQ(recorded.edition().display_name(), "Волга-Строй 2027");
      EXPECT_EQ(recorded.manager().employee(), flow.manager);
      EXPECT_EQ(recorded.area_dm2(), 1250);
      EXPECT_EQ(recorded.total_amount().minor_units(), 12200000);
    }
  }
}

TEST_F(EndToEnd, CallsWithoutTokenOrWithWrongRoleAreRejected) {
  Flow flow(*stack_);
  registry::v1::SearchClientsRequest req;
  registry::v1::SearchClientsResponse resp;
  grpc::ClientContext anonymous;
  EXPECT_EQ(flow.registry->SearchClients(&anonymous, req, &resp).error_code(),
            grpc::UNAUTHENTICATED);
  grpc::ClientContext forged;
  forged.AddMetadata("authorization", "Bearer not-a-jwt");
  EXPECT_EQ(flow.registry->SearchClients(&forged, req, &resp).error_code(), grpc::UNAUTHENTICATED);
  // A signed token from another key is not ours.
  common::auth::TokenRequest other;
  other.subject = "employees/x";
  other.roles = {common::auth::Role::kAdmin};
  grpc::ClientContext foreign;
  Authorize(foreign, common::auth::MintHs256Token("another-secret-of-enough-length", other));
  EXPECT_EQ(flow.registry->SearchClients(&foreign, req, &resp).error_code(), grpc::UNAUTHENTICATED);

  auto manager = TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kSalesManager});
  registry::v1::CreateProjectRequest project;
  project.mutable_project()->set_display_name("Не положено");
  registry::v1::Project created;
  EXPECT_EQ(flow.registry->CreateProject(Ctx(manager).get(), project, &created).error_code(),
            grpc::PERMISSION_DENIED);
}

TEST_F(EndToEnd, EveryServiceAnswersHealthAndReflection) {
  for (const char* name : Stack::kServices) {
    auto channel = stack_->Channel(name);
    ASSERT_TRUE(
        channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5)))
        << name;
    auto health = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    auto status = health->Check(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << name;

    ListServicesReactor reflection(channel);
    std::string services = reflection.Await();
    EXPECT_NE(services.find(std::string("crm.") + name + ".v1."), std::string::npos)
        << name << " reflection lists: " << services;
  }
}

// Each service's admin port serves its metrics in the Prometheus text format; a refused call
// shows in the request counter (by method and code) and the latency histogram.
TEST_F(EndToEnd, EveryServiceServesItsMetricsOnTheAdminPort) {
  Flow flow(*stack_);
  registry::v1::SearchClientsRequest req;
  registry::v1::SearchClientsResponse resp;
  grpc::ClientContext anonymous;
  ASSERT_EQ(flow.registry->SearchClients(&anonymous, req, &resp).error_code(),
            grpc::UNAUTHENTICATED);

  for (const char* name : Stack::kServices) {
    auto metrics = stack_->AdminGet(name, "/metrics");
    EXPECT_EQ(metrics.status, 200) << name;
    EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4") << name;
    EXPECT_NE(metrics.body.find("# TYPE crm_"), std::string::npos) << name << ":\n" << metrics.body;
  }
  auto registry = stack_->AdminGet("registry", "/metrics").body;
  for (const char* expected :
       // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): the HELP and TYPE lines, one text
       {"# HELP crm_grpc_requests_total gRPC requests by method and code\n"
        "# TYPE crm_grpc_requests_total counter\n",
        R"(crm_grpc_requests_total{code="UNAUTHENTICATED",method="SearchClients"} )",
        "# TYPE crm_grpc_request_seconds histogram\n",
        R"(crm_grpc_request_seconds_bucket{method="SearchClients",le="+Inf"} )",
        "crm_grpc_request_seconds_count{method=\"SearchClients\"} ",
        "# TYPE crm_outbox_pending gauge\n"}) {
    EXPECT_NE(registry.find(expected), std::string::npos) << expected << " in:\n" << registry;
  }
}

// The daily CronJob runs `outbox-prune` with the database URL as its only configuration: it
// deletes published events past the retention and keeps recent and unpublished ones.
TEST_F(EndToEnd, OutboxPruneRunsWithOnlyTheDatabaseUrl) {
  pqxx::connection conn(stack_->DatabaseUrl("registry"));
  {
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO outbox (id, subject, type, source, subject_id, dataschema, payload, "
        "created_at, published_at) VALUES "
        "(gen_random_uuid(), 'crm.registry.test.old', 't', 's', 'x', 'd', '{}', "
        " now() - interval '40 days', now() - interval '40 days'), "
        "(gen_random_uuid(), 'crm.registry.test.recent', 't', 's', 'x', 'd', '{}', "
        " now() - interval '2 days', now() - interval '2 days')");
    tx.commit();
  }
  ASSERT_EQ(stack_->RunOperatorCommand("registry", {"outbox-prune", "30"}), 0);
  pqxx::work tx(conn);
  EXPECT_EQ(
      tx.exec1("SELECT count(*) FROM outbox WHERE subject = 'crm.registry.test.old'")[0].as<int>(),
      0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM outbox WHERE subject = 'crm.registry.test.recent'")[0]
                .as<int>(),
            1);
  EXPECT_EQ(stack_->RunOperatorCommand("registry", {"outbox-prune"}), 2) << "usage error";
}

}  // namespace
}  // namespace crm::testing
