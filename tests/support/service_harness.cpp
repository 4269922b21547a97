#include "tests/support/service_harness.h"

#include <thread>

#include "common/bus/outbox.h"
#include "common/grpc/server_options.h"
#include "common/grpc/service_host.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/support/event_publisher.h"
#include "tests/support/free_port.h"

namespace crm::testing {

std::string TokenFor(const std::string& subject, std::vector<common::auth::Role> roles) {
  common::auth::TokenRequest request;
  request.subject = subject;
  request.name = subject;
  request.roles = std::move(roles);
  return common::auth::MintHs256Token(kTestJwtSecret, request);
}

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
}

const common::rpc::RpcGuard& TestGuard() {
  static const common::rpc::RpcGuard guard(
      std::make_shared<const common::auth::TokenVerifier>(common::auth::VerifierConfig{
          kTestJwtSecret, "", "", common::auth::kDefaultAudience, std::chrono::seconds(30)}));
  return guard;
}

void Migrate(const std::string& url, const std::string& component,
             const std::vector<common::db::Migration>& migrations) {
  common::db::ApplyMigrations(url, common::rpc::ServiceMigrationSets(component, migrations));
}

std::vector<common::db::Migration> MigrationsBefore(
    const std::vector<common::db::Migration>& migrations, int version) {
  std::vector<common::db::Migration> before;
  for (const auto& migration : migrations) {
    if (migration.version < version) {
      before.push_back(migration);
    }
  }
  return before;
}

InProcessServer::InProcessServer(std::vector<grpc::Service*> services) {
  grpc::ServerBuilder builder;
  common::rpc::ConfigureServerBuilder(builder);
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  for (auto* s : services) {
    builder.RegisterService(s);
  }
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    throw std::runtime_error("cannot start the in-process gRPC server");
  }
  channel_ =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port_), grpc::InsecureChannelCredentials());
}

InProcessServer::~InProcessServer() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
}

RunningService::RunningService(const common::rpc::ServiceDefinition& definition,
                               const std::string& database_url, const std::string& nats_url,
                               std::map<std::string, std::string> settings) {
  settings.emplace("CRM_DATABASE_URL", database_url);
  settings.emplace("CRM_NATS_URL", nats_url);
  settings.emplace("CRM_GRPC_LISTEN", "127.0.0.1:0");
  settings.emplace("CRM_ADMIN_LISTEN", "127.0.0.1:0");
  settings.emplace("CRM_JWT_HS256_SECRET", kTestJwtSecret);
  settings.emplace("CRM_JWT_AUDIENCE", common::auth::kDefaultAudience);
  settings.emplace("CRM_LOG_LEVEL", "warn");
  // Stopping the host after each test waits for the relay and the consumers to notice.
  settings.emplace("CRM_BUS_IDLE_WAIT_MS", "100");
  common::EnvReader env(std::move(settings));
  common::ServiceConfig config = common::ServiceConfig::FromEnv(definition.name, env);
  Migrate(database_url, definition.name, definition.migrations);
  host_ = std::make_unique<common::rpc::ServiceHost>(config, definition.queries);
  definition.wire(*host_, env);
  env.Validate();
  host_->Start();
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->grpc_port()),
                                 grpc::InsecureChannelCredentials());
}

RunningService::~RunningService() { Stop(); }

void RunningService::Stop() { host_->Stop(std::chrono::seconds(2)); }

common::bus::EventConsumer& RunningService::consumer(std::size_t index) const {
  return *host_->consumers().at(index);
}

std::unique_ptr<common::bus::OutboxRelay> StartRelay(const std::string& database_url,
                                                     const std::string& nats_url,
                                                     const std::string& service) {
  common::bus::RelayOptions options;
  options.idle_poll = std::chrono::milliseconds(100);
  auto relay = std::make_unique<common::bus::OutboxRelay>(database_url, nats_url, service,
                                                          common::bus::StreamLayout{}, options);
  relay->Start();
  return relay;
}

namespace {
google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  return details;
}
}  // namespace

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) {
        fields.push_back(v.field());
      }
    }
  }
  return fields;
}

std::string ResourceInfoName(const grpc::Status& status) {
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::ResourceInfo info;
    if (any.UnpackTo(&info)) {
      return info.resource_name();
    }
  }
  return {};
}

std::string ErrorInfoReason(const grpc::Status& status) {
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return {};
}

std::vector<std::string> PreconditionSubjects(const grpc::Status& status) {
  std::vector<std::string> subjects;
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& violation : failure.violations()) {
        subjects.push_back(violation.subject());
      }
    }
  }
  return subjects;
}

void PublishJson(const std::string& nats_url, std::string_view subject_view,
                 std::string_view source, const std::string& event_id, const std::string& json,
                 const PublishOptions& options, const std::string& dataschema) {
  common::bus::NatsClient nats(nats_url, "crm-test-publisher");
  for (int i = 0; i < 100 && !nats.Connected(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  nats.EnsureStreams(common::bus::StreamLayout{});
  PublishJsonOn(nats, subject_view, source, event_id, json, options, dataschema);
}

void PublishJsonOn(common::bus::NatsClient& nats, std::string_view subject_view,
                   std::string_view source, const std::string& event_id, const std::string& json,
                   const PublishOptions& options, const std::string& dataschema) {
  const std::string subject(subject_view);
  const std::string source_header = "crm/" + std::string(source);
  const std::string& subject_id = options.subject_id;
  const std::string& dedup_id = options.nats_msg_id;
  natsMsg* msg = nullptr;
  common::bus::Check(
      natsMsg_Create(&msg, subject.c_str(), nullptr, json.data(), static_cast<int>(json.size())),
      "natsMsg_Create");
  std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)> guard(msg, &natsMsg_Destroy);
  std::string type = subject + ".v1";
  natsMsgHeader_Set(msg, "Nats-Msg-Id", dedup_id.empty() ? event_id.c_str() : dedup_id.c_str());
  natsMsgHeader_Set(msg, "ce-specversion", "1.0");
  natsMsgHeader_Set(msg, "ce-id", event_id.c_str());
  natsMsgHeader_Set(msg, "ce-source", source_header.c_str());
  natsMsgHeader_Set(msg, "ce-type", type.c_str());
  // A header with an empty value makes libnats 3.4 lose the other headers on receipt.
  if (!subject_id.empty()) {
    natsMsgHeader_Set(msg, "ce-subject", subject_id.c_str());
  }
  if (!dataschema.empty()) {
    natsMsgHeader_Set(msg, "ce-dataschema", dataschema.c_str());
  }
  if (!options.time.empty()) {
    natsMsgHeader_Set(msg, "ce-time", options.time.c_str());
  }
  natsMsgHeader_Set(msg, "content-type", "application/json");
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  // A stream created a moment ago by a consumer starting in the same test may not answer yet.
  natsStatus status = js_PublishMsg(&ack, nats.js(), msg, nullptr, &jerr);
  for (int i = 0; i < 40 && status == NATS_NO_RESPONDERS; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = js_PublishMsg(&ack, nats.js(), msg, nullptr, &jerr);
  }
  common::bus::Check(status, "js_PublishMsg");
  jsPubAck_Destroy(ack);
}

std::vector<StreamEvent> ReadStream(const std::string& nats_url, const std::string& filter,
                                    std::size_t min_count, std::chrono::milliseconds timeout) {
  common::bus::NatsClient nats(nats_url, "crm-test-reader");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<StreamEvent> events;
  while (true) {
    events.clear();
    if (nats.Connected()) {
      jsSubOptions so;
      jsSubOptions_Init(&so);
      so.Stream = "CRM";
      so.Config.AckPolicy = js_AckNone;
      so.Config.DeliverPolicy = js_DeliverAll;
      so.Config.FilterSubject = filter.c_str();
      natsSubscription* sub = nullptr;
      jsErrCode jerr = static_cast<jsErrCode>(0);
      // An ephemeral pull consumer: it reads the stream from the start and is removed after.
      if (js_PullSubscribe(&sub, nats.js(), filter.c_str(), nullptr, nullptr, &so, &jerr) ==
          NATS_OK) {
        while (true) {
          natsMsgList list{};
          if (natsSubscription_Fetch(&list, sub, 256, 300, &jerr) != NATS_OK) {
            natsMsgList_Destroy(&list);
            break;
          }
          for (int i = 0; i < list.Count; ++i) {
            natsMsg* m = list.Msgs[i];
            const char* id = nullptr;
            const char* type = nullptr;
            const char* request_id = nullptr;
            natsMsgHeader_Get(m, "ce-id", &id);
            natsMsgHeader_Get(m, "ce-type", &type);
            natsMsgHeader_Get(m, "ce-requestid", &request_id);
            events.push_back({natsMsg_GetSubject(m), id ? id : "", type ? type : "",
                              std::string(natsMsg_GetData(m),
                                          static_cast<std::size_t>(natsMsg_GetDataLength(m))),
                              request_id ? request_id : ""});
          }
          natsMsgList_Destroy(&list);
        }
        natsSubscription_Unsubscribe(sub);
        natsSubscription_Destroy(sub);
      }
    }
    if (events.size() >= min_count || std::chrono::steady_clock::now() > deadline) {
      return events;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace crm::testing
