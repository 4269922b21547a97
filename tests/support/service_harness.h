#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/auth/auth.h"
#include "common/bus/nats_client.h"
#include "common/bus/outbox.h"
#include "common/bus/topic.h"
#include "common/db/migrations.h"
#include "common/grpc/rpc_guard.h"
#include "common/grpc/service_host.h"

// Helpers for service tests: tokens, an in-process gRPC server on a free port, migrations,
// publishing events the way a producer's relay does, and reading the stream back.
namespace crm::testing {

// The HS256 secret every test server and every test token uses.
inline constexpr char kTestJwtSecret[] = "expo-crm-test-secret-0123456789abcdef";

std::string TokenFor(const std::string& subject, std::vector<common::auth::Role> roles);
// Sets "authorization: Bearer <token>" on a client context.
void Authorize(grpc::ClientContext& context, const std::string& token);
// A guard verifying kTestJwtSecret tokens, for API classes under test.
const common::rpc::RpcGuard& TestGuard();

// Applies the bus tables and the service's migrations.
void Migrate(const std::string& url, const std::string& component,
             const std::vector<common::db::Migration>& migrations);
// The migrations numbered below `version`: the schema as it was before that migration, for a test
// that writes old rows and then migrates them.
std::vector<common::db::Migration> MigrationsBefore(
    const std::vector<common::db::Migration>& migrations, int version);

// A gRPC server in this process, on 127.0.0.1 and a free port, serving `services`.
class InProcessServer {
 public:
  explicit InProcessServer(std::vector<grpc::Service*> services);
  ~InProcessServer();
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  int port() const { return port_; }

 private:
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  int port_ = 0;
};

// A whole service as its main.cpp assembles it (the service's Definition()), in this process:
// configured as `crm-<name> serve` is, from CRM_* settings (here a map, not the environment) —
// the database and nats-server a test started, the test JWT secret, gRPC and the admin port on
// free ports, plus `settings` (e.g. CRM_EXCHANGE_DIR). The database is migrated; the host is
// started by the constructor and stopped by Stop() or the destructor.
class RunningService {
 public:
  RunningService(const common::rpc::ServiceDefinition& definition, const std::string& database_url,
                 const std::string& nats_url, std::map<std::string, std::string> settings = {});
  ~RunningService();
  RunningService(const RunningService&) = delete;
  RunningService& operator=(const RunningService&) = delete;

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  common::rpc::ServiceHost& host() { return *host_; }
  common::db::Pool& pool() { return host_->pool(); }
  // The service's event consumers, in the order its wiring adds them.
  common::bus::EventConsumer& consumer(std::size_t index = 0) const;
  // Stops serving and every worker (consumers, relay); the pool stays usable.
  void Stop();

 private:
  std::unique_ptr<common::rpc::ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

// The service's real outbox relay, started against `nats_url` (stopped when destroyed). It polls
// every 100 ms besides being woken by NOTIFY, so a test never waits long for an event.
std::unique_ptr<common::bus::OutboxRelay> StartRelay(const std::string& database_url,
                                                     const std::string& nats_url,
                                                     const std::string& service);

// Field paths of the google.rpc.BadRequest violations in a status ({} when none).
std::vector<std::string> ViolatedFields(const grpc::Status& status);
// The google.rpc.ResourceInfo resource name in a status ("" when none).
std::string ResourceInfoName(const grpc::Status& status);
// The google.rpc.ErrorInfo reason in a status, e.g. "ETAG_MISMATCH" ("" when none).
std::string ErrorInfoReason(const grpc::Status& status);
// The subjects of the google.rpc.PreconditionFailure violations in a status ({} when none),
// e.g. {"clients/{uuid}"}.
std::vector<std::string> PreconditionSubjects(const grpc::Status& status);

// Headers a test may set beyond the defaults.
struct PublishOptions {
  std::string subject_id;   // ce-subject
  std::string nats_msg_id;  // defaults to the event id
  std::string time;         // ce-time, RFC 3339; none when empty
};
// Publishes `json` on `subject` with the CloudEvents headers a relay sets (ce-dataschema only when
// `dataschema` is given). Use the typed functions below.
void PublishJson(const std::string& nats_url, std::string_view subject, std::string_view source,
                 const std::string& event_id, const std::string& json,
                 const PublishOptions& options, const std::string& dataschema);

// Publishes `payload` on `topic` as canonical JSON with CloudEvents headers, as the producer's
// relay would. A `nats_msg_id` other than the event id gets past JetStream's dedup window, which
// is how a test makes the stream deliver the same event (same ce-id) a second time.
template <class Payload>
void PublishEvent(const std::string& nats_url, const common::bus::Topic<Payload>& topic,
                  const std::string& event_id, const std::type_identity_t<Payload>& payload,
                  const PublishOptions& options) {
  PublishJson(nats_url, topic.subject, topic.service(), event_id, common::bus::ToJson(payload),
              options, payload.GetDescriptor()->full_name());
}
template <class Payload>
void PublishEvent(const std::string& nats_url, const common::bus::Topic<Payload>& topic,
                  const std::string& event_id, const std::type_identity_t<Payload>& payload,
                  const std::string& subject_id = "", const std::string& nats_msg_id = "") {
  PublishEvent(nats_url, topic, event_id, payload, PublishOptions{subject_id, nats_msg_id, ""});
}
// The same, for a payload already in JSON (replaying an event read from the stream, or one that
// breaks the contract).
template <class Payload>
void PublishRawEvent(const std::string& nats_url, const common::bus::Topic<Payload>& topic,
                     const std::string& event_id, const std::string& json,
                     const std::string& nats_msg_id) {
  PublishJson(nats_url, topic.subject, topic.service(), event_id, json,
              PublishOptions{"", nats_msg_id, ""}, "");
}

struct StreamEvent {
  std::string subject;
  std::string id;
  std::string type;
  std::string data;
  std::string request_id;  // ce-requestid: the API request that caused the event
};

// Reads every message on the CRM stream whose subject matches `filter` (in stream order),
// waiting until at least `min_count` are there or `timeout` passes.
std::vector<StreamEvent> ReadStream(const std::string& nats_url, const std::string& filter,
                                    std::size_t min_count,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(20));
// The same, for the events of one topic.
template <class Payload>
std::vector<StreamEvent> ReadStream(const std::string& nats_url,
                                    const common::bus::Topic<Payload>& topic, std::size_t min_count,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  return ReadStream(nats_url, std::string(topic.subject), min_count, timeout);
}

}  // namespace crm::testing
