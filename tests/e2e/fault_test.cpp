// Faults from day one, on the real binaries: the bus down during a sale, the same event delivered
// twice, services crashing and restarting mid-flow, and garbage sent to every RPC.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <map>
#include <sstream>

#include "common/auth/auth.h"
#include "common/core/base64url.h"
#include "common/core/ids.h"
#include "common/grpc/tls.h"
#include "crm/events/v1/planning_topics.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/gateway_process.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"
#include "tests/support/test_pki.h"

namespace crm::testing {
namespace {

class Faults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    flow_ = new Flow(*stack_);
    flow_->SetUpReferenceData("7707083893", "773601001");
  }
  static void TearDownTestSuite() {
    delete flow_;
    delete stack_;
  }
  void SetUp() override {
    ASSERT_FALSE(flow_->client.empty()) << "reference data could not be set up";
  }
  void TearDown() override {
    // Leave the stack whole for the next test whatever happened.
    TestEnvironment::Get().nats().Start();
    for (const char* name : Stack::kServices) {
      if (!stack_->Running(name)) {
        stack_->Start(name);
      }
    }
  }
  static Stack* stack_;
  static Flow* flow_;
};
Stack* Faults::stack_ = nullptr;
Flow* Faults::flow_ = nullptr;

TEST_F(Faults, SaleRecordedWhileNatsIsDownIsInvoicedOnceAfterRecovery) {
  auto contact = flow_->PlanCall();
  ASSERT_FALSE(contact.name().empty());

  TestEnvironment::Get().nats().Stop();
  // The write succeeds: the event waits in planning's outbox.
  auto completed = flow_->RecordSale(contact.name(), 900);
  const std::string sale = completed.sale().name();
  ASSERT_FALSE(sale.empty());
  planning::v1::GetSaleRequest get;
  get.set_name(sale);
  planning::v1::Sale stored;
  ASSERT_TRUE(flow_->planning->GetSale(Ctx(flow_->manager_token).get(), get, &stored).ok());
  EXPECT_EQ(stored.area_dm2(), 900);

  // Some time with the bus down: relays and consumers keep retrying, nobody crashes.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (const char* name : Stack::kServices) {
    EXPECT_TRUE(stack_->Running(name)) << name << " died while NATS was down\n"
                                       << stack_->Log(name);
  }

  TestEnvironment::Get().nats().Start();
  std::vector<documents::v1::Document> invoices;
  ASSERT_TRUE(Eventually(
      [&] {
        invoices = flow_->InvoicesFor(sale);
        return !invoices.empty();
      },
      std::chrono::seconds(60)))
      << stack_->Log("planning") << stack_->Log("documents");
  // Give any duplicate a chance to show up before counting.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(flow_->InvoicesFor(sale).size(), 1u);
}

TEST_F(Faults, RedeliveredSaleEventIssuesNoSecondInvoice) {
  auto contact = flow_->PlanCall();
  auto completed = flow_->RecordSale(contact.name(), 400);
  const std::string sale = completed.sale().name();
  ASSERT_TRUE(Eventually([&] { return !flow_->InvoicesFor(sale).empty(); }))
      << stack_->Log("documents");

  // Find the sale's event on the stream and deliver it again: once with the same event id (a
  // redelivery) and once with a new event id (a re-publish after an outbox replay).
  std::string payload;
  std::string event_id;
  for (const auto& ev : ReadStream(stack_->nats_url(), events::v1::kSaleRecorded, 1)) {
    if (ev.data.find(sale) != std::string::npos) {
      payload = ev.data;
      event_id = ev.id;
    }
  }
  ASSERT_FALSE(payload.empty());
  PublishRawEvent(stack_->nats_url(), events::v1::kSaleRecorded, event_id, payload,
                  "redelivery-" + common::NewUuid());
  PublishRawEvent(stack_->nats_url(), events::v1::kSaleRecorded, common::NewUuid(), payload, "");
  // Both copies are consumed (the consumer's processed count is not visible from here, so wait
  // for the copies to be acknowledged: the stream's consumer has nothing pending).
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(flow_->InvoicesFor(sale).size(), 1u);
  ASSERT_TRUE(stack_->Running("documents")) << stack_->Log("documents");
}

TEST_F(Faults, ServicesCrashingMidFlowLoseNothing) {
  auto contact = flow_->PlanCall();
  // Documents and accounting crash (SIGKILL); the sale is recorded while they are gone.
  stack_->Crash("documents");
  stack_->Crash("accounting");
  auto completed = flow_->RecordSale(contact.name(), 300);
  const std::string sale = completed.sale().name();
  ASSERT_FALSE(sale.empty());
  // Planning restarts gracefully in the middle too.
  stack_->Stop("planning");
  stack_->Start("planning");
  stack_->Start("documents");
  stack_->Start("accounting");

  std::vector<documents::v1::Document> invoices;
  ASSERT_TRUE(Eventually(
      [&] {
        invoices = flow_->InvoicesFor(sale);
        return invoices.size() == 1;
      },
      std::chrono::seconds(60)))
      << stack_->Log("documents");
  const std::string document = invoices[0].name();
  ASSERT_TRUE(Eventually(
      [&] {
        accounting::v1::ListExportsRequest req;
        req.set_page_size(500);
        accounting::v1::ListExportsResponse resp;
        if (!flow_->accounting->ListExports(Ctx(flow_->admin_token).get(), req, &resp).ok()) {
          return false;
        }
        for (const auto& e : resp.exports()) {
          if (e.document() == document) {
            return std::filesystem::exists(stack_->exchange_dir() / e.file_name());
          }
        }
        return false;
      },
      std::chrono::seconds(60)))
      << stack_->Log("accounting");
}

// A consumer's dead letters are listed and re-driven with the service's own binary; re-driven
// while the cause remains, the event is dead-lettered again as a new dead letter, not lost.
TEST_F(Faults, DeadLettersAreListedAndReDrivenWithTheServiceBinary) {
  const std::string event_id = common::NewUuid();
  // A sale event documents can never process: dead-lettered at once.
  PublishRawEvent(stack_->nats_url(), events::v1::kSaleRecorded, event_id, "{not json", "");
  const std::map<std::string, std::string> nats = {{"CRM_NATS_URL", stack_->nats_url()}};
  // The listed dead letters of documents-sales naming the event, one line each.
  auto letters = [&] {
    std::vector<std::string> lines;
    if (stack_->RunOperatorCommand("documents", {"dead-letters", "documents-sales"}, nats) != 0) {
      return lines;
    }
    std::istringstream output(stack_->OperatorOutput());
    for (std::string line; std::getline(output, line);) {
      if (line.find("\tdocuments-sales\t" + std::string(events::v1::kSaleRecorded.subject) + "\t" +
                    event_id + "\t") != std::string::npos) {
        lines.push_back(line);
      }
    }
    return lines;
  };
  std::vector<std::string> first;
  ASSERT_TRUE(Eventually(
      [&] {
        first = letters();
        return first.size() == 1;
      },
      std::chrono::seconds(30)))
      << stack_->OperatorOutput();
  ASSERT_EQ(
      stack_->RunOperatorCommand("documents", {"dead-letters-redrive", "documents-sales"}, nats), 0)
      << stack_->OperatorOutput();
  std::vector<std::string> second;
  EXPECT_TRUE(Eventually(
      [&] {
        second = letters();
        return second.size() == 1 && second[0] != first[0];
      },
      std::chrono::seconds(30)))
      << stack_->OperatorOutput();
  EXPECT_EQ(stack_->RunOperatorCommand("documents",
                                       {"dead-letters-redrive", "documents-sales", "999999"}, nats),
            1);
}

// The analytics projection rebuilt from the stream with the service's own binary: refused while
// the service runs, then emptied, and replayed from the first event when the service starts, to
// the same figures.
TEST_F(Faults, AnalyticsRebuiltFromTheStreamGivesTheSameFigures) {
  auto contact = flow_->PlanCall();
  const std::string sale = flow_->RecordSale(contact.name(), 450).sale().name();
  ASSERT_FALSE(sale.empty());
  analytics::v1::GetManagerReportRequest request;
  request.set_manager(flow_->manager);
  const auto now = google::protobuf::util::TimeUtil::GetCurrentTime();
  *request.mutable_start_time() = now - google::protobuf::util::TimeUtil::HoursToDuration(48);
  *request.mutable_end_time() = now + google::protobuf::util::TimeUtil::HoursToDuration(48);
  auto report = [&] {
    analytics::v1::ManagerReport r;
    if (!flow_->analytics->GetManagerReport(Ctx(flow_->admin_token).get(), request, &r).ok()) {
      r.Clear();
    }
    return r;
  };
  // The figures taken once the projection holds this sale and its completed contact (earlier
  // tests' sales are in the same figures, so the report alone cannot tell).
  const std::string db = stack_->DatabaseUrl("analytics");
  const std::string sale_id = sale.substr(sale.find('/') + 1);
  const std::string contact_id = contact.name().substr(contact.name().find('/') + 1);
  ASSERT_TRUE(Eventually(
      [&] {
        return CountRows(db, "sales", "id = '" + sale_id + "'") == 1 &&
               CountRows(db, "contacts", "id = '" + contact_id + "' AND state = 'completed'") == 1;
      },
      std::chrono::seconds(60)))
      << stack_->Log("analytics");
  analytics::v1::ManagerReport before = report();
  ASSERT_GT(before.sales_count(), 0) << before.DebugString();
  const std::map<std::string, std::string> nats = {{"CRM_NATS_URL", stack_->nats_url()}};

  // While analytics runs, the rebuild is refused and nothing is emptied.
  EXPECT_EQ(stack_->RunOperatorCommand("analytics", {"projection-rebuild"}, nats), 1)
      << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find("stop the service"), std::string::npos)
      << stack_->OperatorOutput();
  EXPECT_GT(CountRows(db, "sales"), 0);

  stack_->Stop("analytics");
  ASSERT_EQ(stack_->RunOperatorCommand("analytics", {"projection-rebuild"}, nats), 0)
      << stack_->OperatorOutput();
  EXPECT_EQ(CountRows(db, "sales"), 0);
  EXPECT_EQ(CountRows(db, "contacts"), 0);
  EXPECT_EQ(CountRows(db, "processed_events", "consumer = 'analytics-all'"), 0);

  stack_->Start("analytics");
  analytics::v1::ManagerReport after;
  EXPECT_TRUE(Eventually(
      [&] {
        after = report();
        return google::protobuf::util::MessageDifferencer::Equals(after, before);
      },
      std::chrono::seconds(60)))
      << "before:\n"
      << before.DebugString() << "after:\n"
      << after.DebugString() << stack_->Log("analytics");
}

// `serve` refuses a stream it cannot repair — here fewer replicas than configured — naming the
// reason, instead of running on it.
TEST_F(Faults, ServeRefusesAStreamWithFewerReplicasThanConfigured) {
  int code = stack_->RunOperatorCommand("registry", {"serve"},
                                        {{"CRM_NATS_URL", stack_->nats_url()},
                                         {"CRM_STREAM_REPLICAS", "3"},
                                         {"CRM_JWT_HS256_SECRET", kTestJwtSecret},
                                         {"CRM_JWT_AUDIENCE", common::auth::kDefaultAudience},
                                         {"CRM_GRPC_LISTEN", "127.0.0.1:0"},
                                         {"CRM_ADMIN_LISTEN", "127.0.0.1:0"}},
                                        std::chrono::seconds(30));
  EXPECT_EQ(code, 1) << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find("CRM_STREAM_REPLICAS asks for 3"), std::string::npos)
      << stack_->OperatorOutput();
}

// A service checks its token keys when it starts, naming what is wrong: a development secret
// too short to be safe, a key set without the issuer its provider's tokens carry, a weak key in
// the set; a provider's key set with the issuer passes.
TEST_F(Faults, AServiceChecksItsTokenKeysAtStart) {
  auto check = [&](std::map<std::string, std::string> env) {
    env.emplace("CRM_NATS_URL", stack_->nats_url());
    env.emplace("CRM_JWT_AUDIENCE", common::auth::kDefaultAudience);
    env.emplace("CRM_GRPC_LISTEN", "127.0.0.1:0");
    env.emplace("CRM_ADMIN_LISTEN", "127.0.0.1:0");
    return stack_->RunOperatorCommand("registry", {"check-config"}, env);
  };
  EXPECT_EQ(check({{"CRM_JWT_HS256_SECRET", "a-31-byte-development-secret!!"}}), 1)
      << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find("the HS256 secret must be at least 32 bytes long"),
            std::string::npos)
      << stack_->OperatorOutput();

  const TempDir dir("crm-jwks");
  const std::string jwks = (dir.path() / "jwks.json").string();
  auto write_set = [&](const std::string& secret) {
    std::ofstream(jwks) << R"({"keys":[{"kty":"oct","kid":"2026-12","k":")"
                        << common::Base64UrlEncode(secret) << R"("}]})";
  };
  write_set("a-shared-key-of-forty-bytes-0123456789ab");
  EXPECT_EQ(check({{"CRM_JWT_JWKS_FILE", jwks}}), 1) << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find("CRM_JWT_ISSUER is required"), std::string::npos)
      << stack_->OperatorOutput();
  EXPECT_EQ(check({{"CRM_JWT_JWKS_FILE", jwks}, {"CRM_JWT_ISSUER", "https://id.example.com"}}), 0)
      << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find("configuration ok"), std::string::npos)
      << stack_->OperatorOutput();
  write_set("short");
  EXPECT_EQ(check({{"CRM_JWT_JWKS_FILE", jwks}, {"CRM_JWT_ISSUER", "https://id.example.com"}}), 1)
      << stack_->OperatorOutput();
  EXPECT_NE(stack_->OperatorOutput().find(
                "key \"2026-12\": an HS256 key of 5 bytes; at least 32 are required"),
            std::string::npos)
      << stack_->OperatorOutput();
}

// The code a reflection request (list the services) gets: OK where reflection is served,
// UNIMPLEMENTED where it is turned off. A raw bidirectional call, so no reflection stubs are
// linked next to the ones the services carry.
grpc::StatusCode ReflectionAnswer(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::CompletionQueue queue;
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto call = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  auto step = [&](auto&& start) {
    start();
    void* tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
    return ok;
  };
  step([&] { call->StartCall(&queue); });
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, empty.
  grpc::Slice slice(std::string("\x3a\x00", 2));
  grpc::ByteBuffer request(&slice, 1);
  step([&] { call->Write(request, &queue); });
  step([&] { call->WritesDone(&queue); });
  grpc::ByteBuffer response;
  step([&] { call->Read(&response, &queue); });
  grpc::Status status;
  step([&] { call->Finish(&status, &queue); });
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return status.error_code();
}

// gRPC over TLS from certificate files, mutual when a client CA is configured, and reflection
// turned off, on the real registry binary: a plaintext client, a client that does not trust the
// server's CA, and (mutual) a client without a certificate or with one of another CA are refused.
TEST_F(Faults, TransportIsTlsAndMutualWhenConfiguredAndReflectionCanBeOff) {
  const TempDir dir("crm-pki");
  const TestPki pki = MakeTestPki(dir.path());
  const std::string address = stack_->Address("registry");
  auto channel = [&](const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    grpc::ChannelArguments args;
    static int channels = 0;
    args.SetInt("crm.test.channel", ++channels);  // a connection of its own
    return grpc::CreateCustomChannel(address, credentials, args);
  };
  auto health = [&](const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    auto stub = grpc::health::v1::Health::NewStub(channel(credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, request, &response).error_code();
  };
  auto restart = [&](std::map<std::string, std::string> env) {
    stack_->Stop("registry");
    stack_->SetExtraEnv("registry", std::move(env));
    stack_->Start("registry");
  };
  using common::rpc::ChannelCredentials;

  restart({{"CRM_GRPC_TLS_CERT_FILE", pki.server_cert.string()},
           {"CRM_GRPC_TLS_KEY_FILE", pki.server_key.string()},
           {"CRM_GRPC_REFLECTION", "0"}});
  EXPECT_EQ(health(ChannelCredentials(pki.Client(false))), grpc::StatusCode::OK)
      << stack_->Log("registry");
  EXPECT_NE(health(grpc::InsecureChannelCredentials()), grpc::StatusCode::OK);
  EXPECT_NE(health(ChannelCredentials({"", "", pki.stranger_ca_cert.string()})),
            grpc::StatusCode::OK);
  // An authenticated call goes through: an unknown client is NOT_FOUND, not a transport error.
  {
    auto registry =
        registry::v1::RegistryService::NewStub(channel(ChannelCredentials(pki.Client(false))));
    registry::v1::GetClientRequest request;
    request.set_name("clients/" + common::NewUuid());
    registry::v1::Client client;
    EXPECT_EQ(registry->GetClient(Ctx(flow_->admin_token).get(), request, &client).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_EQ(ReflectionAnswer(channel(ChannelCredentials(pki.Client(false)))),
            grpc::StatusCode::UNIMPLEMENTED);

  restart({{"CRM_GRPC_TLS_CERT_FILE", pki.server_cert.string()},
           {"CRM_GRPC_TLS_KEY_FILE", pki.server_key.string()},
           {"CRM_GRPC_TLS_CLIENT_CA_FILE", pki.ca_cert.string()}});
  EXPECT_EQ(health(ChannelCredentials(pki.Client(true))), grpc::StatusCode::OK)
      << stack_->Log("registry");
  EXPECT_NE(health(ChannelCredentials(pki.Client(false))), grpc::StatusCode::OK);
  EXPECT_NE(health(ChannelCredentials(
                {pki.stranger_cert.string(), pki.stranger_key.string(), pki.ca_cert.string()})),
            grpc::StatusCode::OK);
  EXPECT_EQ(ReflectionAnswer(channel(ChannelCredentials(pki.Client(true)))), grpc::StatusCode::OK);
  // The gateway reaches it with its client certificate (an unknown client: 404 from the service),
  // and not without one (503: the service cannot be reached).
  auto gateway_get = [&](std::map<std::string, std::string> env) {
    const GatewayProcess gateway(*stack_, env);
    httplib::Client http("127.0.0.1", gateway.http_port());
    const auto response =
        http.Get("/v1/clients/" + common::NewUuid(),
                 httplib::Headers{{"Authorization", "Bearer " + flow_->admin_token}});
    return response ? response->status : 0;
  };
  EXPECT_EQ(gateway_get({{"CRM_GRPC_TLS_CA_FILE", pki.ca_cert.string()},
                         {"CRM_GRPC_TLS_CERT_FILE", pki.client_cert.string()},
                         {"CRM_GRPC_TLS_KEY_FILE", pki.client_key.string()}}),
            404);
  EXPECT_EQ(gateway_get({{"CRM_GRPC_TLS_CA_FILE", pki.ca_cert.string()}}), 503);

  // Half a configuration stops the service at start, naming what is missing.
  EXPECT_EQ(stack_->RunOperatorCommand("registry", {"check-config"},
                                       {{"CRM_NATS_URL", stack_->nats_url()},
                                        {"CRM_JWT_HS256_SECRET", kTestJwtSecret},
                                        {"CRM_JWT_AUDIENCE", common::auth::kDefaultAudience},
                                        {"CRM_GRPC_TLS_CERT_FILE", pki.server_cert.string()}}),
            1);
  EXPECT_NE(stack_->OperatorOutput().find(
                "set both or neither of CRM_GRPC_TLS_CERT_FILE and CRM_GRPC_TLS_KEY_FILE"),
            std::string::npos)
      << stack_->OperatorOutput();

  // Back to the stack's plaintext for the tests that follow; reflection is on by default.
  restart({});
  EXPECT_EQ(ReflectionAnswer(channel(grpc::InsecureChannelCredentials())), grpc::StatusCode::OK);
  EXPECT_TRUE(
      Eventually([&] { return health(grpc::InsecureChannelCredentials()) == grpc::StatusCode::OK; },
                 std::chrono::seconds(10)));
}

// Garbage and boundary values: every RPC answers INVALID_ARGUMENT (or NOT_FOUND for a
// well-formed unknown name), never crashes, never writes.
TEST_F(Faults, GarbageToEveryRpcIsRejectedClearly) {
  const std::string admin = flow_->admin_token;
  const std::string junk_name = "clients/../../etc/passwd\x01";
  const std::string huge(100000, 'x');
  const std::string bad_utf8 = "\xff\xfe\xfd";
  // Invalid UTF-8 in a string field fails protobuf parsing before any handler runs; the server's
  // interceptor still answers INVALID_ARGUMENT with a message.
  auto expect_invalid = [](const grpc::Status& s, const char* what) {
    EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << what;
  };

  {  // registry
    registry::v1::CreateClientRequest empty;
    registry::v1::Client c;
    auto s = flow_->registry->CreateClient(Ctx(admin).get(), empty, &c);
    expect_invalid(s, "CreateClient{}");
    EXPECT_FALSE(ViolatedFields(s).empty());
    registry::v1::CreateClientRequest boundary;
    boundary.mutable_client()->set_display_name(huge);
    boundary.mutable_client()->set_legal_name(bad_utf8);
    boundary.mutable_client()->set_inn("0000000000");
    boundary.mutable_client()->set_kpp("12345678901234567890");
    expect_invalid(flow_->registry->CreateClient(Ctx(admin).get(), boundary, &c),
                   "CreateClient boundary");
    registry::v1::GetClientRequest get;
    get.set_name(junk_name);
    expect_invalid(flow_->registry->GetClient(Ctx(admin).get(), get, &c), "GetClient junk");
    get.set_name("clients/" + common::NewUuid());
    EXPECT_EQ(flow_->registry->GetClient(Ctx(admin).get(), get, &c).error_code(), grpc::NOT_FOUND);
    registry::v1::SearchClientsRequest search;
    search.set_page_size(-1);
    registry::v1::SearchClientsResponse found;
    expect_invalid(flow_->registry->SearchClients(Ctx(admin).get(), search, &found),
                   "SearchClients page_size -1");
    search.set_page_size(10);
    search.set_page_token("not-a-token!");
    expect_invalid(flow_->registry->SearchClients(Ctx(admin).get(), search, &found),
                   "SearchClients bad token");
    registry::v1::CreateContactPersonRequest person;
    person.set_parent(junk_name);
    registry::v1::ContactPerson p;
    expect_invalid(flow_->registry->CreateContactPerson(Ctx(admin).get(), person, &p),
                   "CreateContactPerson");
    registry::v1::CreateEditionRequest edition;
    edition.set_parent(junk_name);
    registry::v1::Edition e;
    expect_invalid(flow_->registry->CreateEdition(Ctx(admin).get(), edition, &e), "CreateEdition");
    registry::v1::CreateEmployeeRequest employee;
    employee.mutable_employee()->set_email("not an email");
    registry::v1::Employee emp;
    expect_invalid(flow_->registry->CreateEmployee(Ctx(admin).get(), employee, &emp),
                   "CreateEmployee");
  }
  {  // planning
    planning::v1::PlanContactRequest plan;
    plan.mutable_contact()->set_client(junk_name);
    plan.mutable_contact()->set_type(static_cast<planning::v1::ContactType>(999));
    plan.mutable_contact()->mutable_scheduled_time()->set_seconds(-99999999999LL);
    planning::v1::Contact contact;
    expect_invalid(flow_->planning->PlanContact(Ctx(flow_->manager_token).get(), plan, &contact),
                   "PlanContact");
    auto real = flow_->PlanCall();
    planning::v1::CompleteContactRequest complete;
    complete.set_name(real.name());
    planning::v1::CompleteContactResponse done;
    expect_invalid(
        flow_->planning->CompleteContact(Ctx(flow_->manager_token).get(), complete, &done),
        "CompleteContact without result");
    complete.mutable_result()->mutable_sale()->set_area_dm2(-5);
    expect_invalid(
        flow_->planning->CompleteContact(Ctx(flow_->manager_token).get(), complete, &done),
        "CompleteContact negative area");
    complete.mutable_result()->mutable_sale()->set_area_dm2(INT64_MAX);
    expect_invalid(
        flow_->planning->CompleteContact(Ctx(flow_->manager_token).get(), complete, &done),
        "CompleteContact huge area");
    // Nothing was written: the contact is still planned.
    planning::v1::GetContactRequest get;
    get.set_name(real.name());
    planning::v1::Contact still;
    ASSERT_TRUE(flow_->planning->GetContact(Ctx(flow_->manager_token).get(), get, &still).ok());
    EXPECT_EQ(still.state(), planning::v1::CONTACT_STATE_PLANNED);
    planning::v1::GetSaleRequest sale;
    sale.set_name(junk_name);
    planning::v1::Sale s;
    expect_invalid(flow_->planning->GetSale(Ctx(admin).get(), sale, &s), "GetSale");
  }
  {  // documents
    documents::v1::CreateIssuerRequest issuer;
    issuer.mutable_issuer()->set_bik("12");
    issuer.mutable_issuer()->set_inn(huge);
    documents::v1::Issuer i;
    expect_invalid(flow_->documents->CreateIssuer(Ctx(admin).get(), issuer, &i), "CreateIssuer");
    documents::v1::GetDocumentRequest get;
    get.set_name(junk_name);
    documents::v1::Document d;
    expect_invalid(flow_->documents->GetDocument(Ctx(admin).get(), get, &d), "GetDocument");
    documents::v1::DownloadDocumentRequest download;
    download.set_name("documents/" + common::NewUuid());
    documents::v1::DownloadDocumentResponse file;
    EXPECT_EQ(flow_->documents->DownloadDocument(Ctx(admin).get(), download, &file).error_code(),
              grpc::NOT_FOUND);
  }
  {  // accounting
    accounting::v1::GetExportRequest get;
    get.set_name(junk_name);
    accounting::v1::Export e;
    expect_invalid(flow_->accounting->GetExport(Ctx(admin).get(), get, &e), "GetExport");
    accounting::v1::ListExportsRequest list;
    list.set_page_token(bad_utf8);
    accounting::v1::ListExportsResponse exports;
    expect_invalid(flow_->accounting->ListExports(Ctx(admin).get(), list, &exports), "ListExports");
  }
  {  // analytics
    analytics::v1::GetManagerReportRequest report;
    report.set_manager(junk_name);
    analytics::v1::ManagerReport r;
    auto s = flow_->analytics->GetManagerReport(Ctx(admin).get(), report, &r);
    expect_invalid(s, "GetManagerReport");
    EXPECT_FALSE(ViolatedFields(s).empty());
  }
  for (const char* name : Stack::kServices) {
    EXPECT_TRUE(stack_->Running(name)) << name << "\n" << stack_->Log(name);
  }
}

}  // namespace
}  // namespace crm::testing
