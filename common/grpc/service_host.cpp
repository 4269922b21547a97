#include "common/grpc/service_host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <signal.h>
#include <time.h>

#include <atomic>
#include <charconv>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include "common/api/idempotency.h"
#include "common/bus/dead_letters.h"
#include "common/bus/migrations.h"
#include "common/bus/outbox.h"
#include "common/core/files.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/grpc/server_options.h"
#include "common/grpc/tls.h"

namespace crm::common::rpc {
namespace {

std::shared_ptr<const auth::TokenVerifier> MakeVerifier(const ServiceConfig& c) {
  auth::VerifierConfig vc;
  vc.issuer = c.jwt_issuer;
  vc.audience = c.jwt_audience;
  if (!c.jwt_hs256_secret.empty()) {
    vc.hs256_secret = c.jwt_hs256_secret;
  } else if (!c.jwt_jwks_file.empty()) {
    vc.jwks_json = common::ReadWholeFile(c.jwt_jwks_file, "CRM_JWT_JWKS_FILE");
  } else {
    vc.rs256_public_key_pem =
        common::ReadWholeFile(c.jwt_rs256_public_key_file, "CRM_JWT_RS256_PUBLIC_KEY_FILE");
  }
  return std::make_shared<const auth::TokenVerifier>(std::move(vc));
}

// The reflection library adds its service to every server it is linked into; this option takes
// it out again (CRM_GRPC_REFLECTION=0, production).
class WithoutReflection : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    std::erase_if(*plugins, [](const std::unique_ptr<grpc::ServerBuilderPlugin>& plugin) {
      return plugin->name() == "proto_server_reflection";
    });
  }
};

std::vector<db::MigrationSet> MigrationSets(const ServiceDefinition& d) {
  return ServiceMigrationSets(d.name, d.migrations);
}

// The VERSION of `migrate --to VERSION`: a migration number (1 or more).
int ParseMigrationVersion(const std::string& text) {
  int version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version < 1) {
    throw std::runtime_error("migrate --to needs a migration number, not \"" + text + "\"");
  }
  return version;
}

std::string TimeText(int64_t unix_ns) {
  std::time_t seconds = static_cast<std::time_t>(unix_ns / 1000000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// `dead-letters [CONSUMER]` prints one tab-separated line per dead letter: sequence, time,
// consumer, original subject, event id, reason. `dead-letters-redrive CONSUMER [SEQ...]`.
int DeadLetterCommand(const ServiceConfig& config, const std::vector<std::string>& args) {
  bus::StreamLayout layout;
  layout.name = config.stream;
  bus::NatsClient nats(config.nats, "crm-" + config.service_name + "-dead-letters");
  if (!nats.WaitConnected(std::chrono::seconds(10))) {
    throw std::runtime_error("cannot connect to NATS at " + RedactedUrl(config.nats.url));
  }
  if (args[0] == "dead-letters") {
    for (const auto& letter : bus::ListDeadLetters(nats, layout, args.size() > 1 ? args[1] : "")) {
      std::cout << letter.sequence << '\t' << TimeText(letter.time_ns) << '\t' << letter.consumer
                << '\t' << letter.original_subject << '\t' << letter.event_id << '\t'
                << letter.reason << '\n';
    }
    return 0;
  }
  std::vector<uint64_t> sequences;
  for (std::size_t i = 2; i < args.size(); ++i) {
    std::size_t end = 0;
    uint64_t seq = std::stoull(args[i], &end);
    if (end != args[i].size() || seq == 0) {
      throw std::invalid_argument("not a dead-letter sequence: " + args[i]);
    }
    sequences.push_back(seq);
  }
  int n = bus::RedriveDeadLetters(nats, layout, args[1], sequences);
  log::Info("dead letters re-driven", {{"consumer", args[1]}, {"count", n}});
  return 0;
}

// `projection-rebuild`: prepares the replay of the stream into the emptied projection, which the
// service performs when it next starts. Needs the database and NATS.
int ProjectionRebuildCommand(const ServiceConfig& config, const ServiceDefinition& definition) {
  bus::StreamLayout layout;
  layout.name = config.stream;
  bus::NatsClient nats(config.nats, "crm-" + config.service_name + "-rebuild");
  if (!nats.WaitConnected(std::chrono::seconds(10))) {
    throw std::runtime_error("cannot connect to NATS at " + RedactedUrl(config.nats.url));
  }
  db::CheckSchema(config.database_url, MigrationSets(definition));
  pqxx::connection conn(config.database_url);
  try {
    const bus::RebuildPrepared prepared = bus::PrepareProjectionRebuild(
        nats, layout, conn, definition.projection, std::chrono::seconds(3));
    log::Info("projection emptied: the service replays the stream into it when it starts",
              {{"tables_emptied", prepared.tables_emptied},
               {"first_event", prepared.first_sequence},
               {"last_event", prepared.last_sequence}});
    std::cout << "projection emptied (" << prepared.tables_emptied << " tables); start crm-"
              << config.service_name << " to replay events " << prepared.first_sequence << " to "
              << prepared.last_sequence << " into it\n";
    return 0;
  } catch (const bus::RebuildRefused& refused) {
    std::cerr << "crm-" << config.service_name << ": rebuild refused: " << refused.what() << "\n";
    return 1;
  }
}

}  // namespace

std::vector<db::MigrationSet> ServiceMigrationSets(const std::string& component,
                                                   const std::vector<db::Migration>& own) {
  return {{"bus", &bus::Migrations()}, {"idempotency", &api::Migrations()}, {component, &own}};
}

ServiceHost::ServiceHost(ServiceConfig config, std::vector<db::NamedQuery> queries)
    : config_(std::move(config)) {
  BlockTerminationSignals();
  verifier_ = MakeVerifier(config_);
  guard_ = std::make_unique<RpcGuard>(verifier_);
  pool_ =
      std::make_unique<db::Pool>(config_.database_url, config_.db_pool_size, std::move(queries));
}

bus::StreamLayout ServiceHost::stream_layout() const {
  bus::StreamLayout layout;
  layout.name = config_.stream;
  layout.replicas = config_.stream_replicas;
  layout.max_bytes = int64_t{config_.stream_max_gib} << 30;
  return layout;
}

void ServiceHost::CheckStreams() {
  // A server that refuses the credentials or the TLS handshake throws NatsAccessError: the
  // service refuses to start, naming the variables to fix.
  bus::NatsClient nats(config_.nats, "crm-" + config_.service_name + "-start");
  if (!nats.WaitConnected(std::chrono::seconds(3))) {
    log::Warn("NATS unreachable at start; the streams are checked once it is",
              {{"nats", RedactedUrl(config_.nats.url)}});
    return;
  }
  try {
    nats.EnsureStreams(stream_layout());
  } catch (const bus::StreamConfigError&) {
    throw;  // an operator must fix the stream: refuse to start
  } catch (const std::exception& e) {
    log::Warn("cannot check the streams at start; the relay and consumers check them",
              {{"error", e.what()}});
  }
}

bus::EventConsumer& ServiceHost::AddConsumer(bus::ConsumerOptions options,
                                             bus::EventRouter router) {
  options.fetch_wait = std::chrono::milliseconds(config_.bus_idle_wait_ms);
  auto& consumer = Own(std::make_unique<bus::EventConsumer>(pool(), config_.nats, stream_layout(),
                                                            std::move(options), std::move(router)));
  consumers_.push_back(&consumer);
  AddWorker({[&consumer] { consumer.Start(); }, [&consumer] { consumer.Stop(); }});
  return consumer;
}

void ServiceHost::AddWorker(Worker worker) { workers_.push_back(std::move(worker)); }

void ServiceHost::AddOutboxRelay() {
  bus::RelayOptions options;
  options.idle_poll = std::chrono::milliseconds(config_.bus_idle_wait_ms);
  auto& relay = Own(std::make_unique<bus::OutboxRelay>(
      config_.database_url, config_.nats, config_.service_name, stream_layout(), options));
  AddWorker({[&relay] { relay.Start(); }, [&relay] { relay.Stop(); }});
}

void ServiceHost::AddConsumers(std::vector<bus::Subscription> subscriptions) {
  for (auto& subscription : subscriptions) {
    AddConsumer(std::move(subscription.options), std::move(subscription.router));
  }
}

void ServiceHost::Start() {
  if (server_) {
    throw std::logic_error("ServiceHost::Start called twice");
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.grpc_listen, ServerCredentials(config_.grpc_tls), &grpc_port_);
  ConfigureServerBuilder(builder);
  if (!config_.grpc_reflection) {
    builder.SetOption(std::make_unique<WithoutReflection>());
  }
  for (auto& [service, name] : services_) {
    builder.RegisterService(service);
  }
  server_ = builder.BuildAndStart();
  if (!server_ || grpc_port_ == 0) {
    server_.reset();
    throw std::runtime_error("cannot listen for gRPC on " + config_.grpc_listen);
  }
  auto* health = server_->GetHealthCheckService();
  for (auto& [service, name] : services_) {
    health->SetServingStatus(name, true);
  }
  health->SetServingStatus("", true);

  // Admin HTTP: metrics and probes for Kubernetes. Serving as long as the gRPC health status is
  // SERVING; ready when the database answers too.
  admin_ = std::make_unique<AdminServer>(
      config_.admin_listen, [this] { return !shutting_down_.load(); },
      [this] { return !shutting_down_ && pool_->Ping(); });
  admin_port_ = admin_->Start();
  if (admin_port_ <= 0) {
    server_->Shutdown();
    server_.reset();
    throw std::runtime_error("cannot listen for admin HTTP on " + config_.admin_listen);
  }

  for (auto& w : workers_) {
    w.start();
  }
  log::Info("serving", {{"grpc", config_.grpc_listen},
                        {"grpc_port", grpc_port_},
                        {"admin", config_.admin_listen},
                        {"admin_port", admin_port_}});
}

void ServiceHost::Stop(std::chrono::milliseconds grace) {
  if (!server_) {
    return;
  }
  shutting_down_ = true;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus("", false);
  for (auto& [service, name] : services_) {
    health->SetServingStatus(name, false);
  }
  // In-flight calls get up to `grace` to finish; then they are cancelled.
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  // In reverse order of starting (a range-for over std::views::reverse is beyond clang-tidy 14's
  // parser with libstdc++ 12).
  for (auto it = workers_.rbegin(); it != workers_.rend(); ++it) {
    it->stop();
  }
  admin_->Stop();
  server_.reset();
  log::Info("stopped");
}

ServiceHost::~ServiceHost() { Stop(std::chrono::milliseconds(0)); }

int ServiceHost::Run() {
  try {
    Start();
  } catch (const std::runtime_error& e) {
    log::Error("cannot start", {{"error", e.what()}});
    return 1;
  }
  const int signal_number = WaitForTerminationSignal();
  log::Info("shutting down", {{"signal", signal_number}});
  Stop();
  return 0;
}

int ServiceMain(int argc, char** argv, const ServiceDefinition& definition) {
  std::string command = argc > 1 ? argv[1] : "";
  std::string binary = "crm-" + definition.name;
  const bool known = command == "serve" || command == "migrate" || command == "check-config" ||
                     command == "outbox-republish" || command == "outbox-prune" ||
                     command == "outbox-unpark" || command == "dead-letters" ||
                     command == "dead-letters-redrive" || command == "projection-rebuild";
  const bool migrate_to = command == "migrate" && argc == 4 && std::string(argv[2]) == "--to";
  if (!known || (command == "migrate" && argc != 2 && !migrate_to) ||
      (command == "outbox-republish" && argc != 4) || (command == "outbox-prune" && argc != 3) ||
      (command == "dead-letters" && argc > 3) || (command == "dead-letters-redrive" && argc < 3)) {
    std::cerr << "usage: " << binary << " COMMAND\n"
              << "  serve                         run the gRPC service (refuses an unmigrated "
                 "database)\n"
              << "  migrate [--to VERSION]        apply database migrations and exit (the "
                 "service's own\n"
              << "                                only up to VERSION: an earlier release's "
                 "schema)\n"
              << "  check-config                  validate the environment configuration\n"
              << "  outbox-republish FROM TO      publish again the events committed in "
                 "[FROM, TO) (RFC 3339)\n"
              << "  outbox-prune DAYS             delete published events older than DAYS\n"
              << "  outbox-unpark [EVENT_ID...]   publish again the parked events (all when none "
                 "is named)\n"
              << "  dead-letters [CONSUMER]       list the dead letters (of one consumer)\n"
              << "  dead-letters-redrive CONSUMER [SEQ...]\n"
              << "                                publish a consumer's dead letters (all, or "
                 "those at SEQ) again\n"
              << "  projection-rebuild            empty the tables kept from events; the "
                 "service replays\n"
              << "                                the stream into them when it next starts (stop "
                 "it first)\n"
              << "configuration: CRM_DATABASE_URL, CRM_NATS_URL, CRM_GRPC_LISTEN, "
                 "CRM_ADMIN_LISTEN, CRM_JWT_HS256_SECRET | CRM_JWT_RS256_PUBLIC_KEY_FILE | "
                 "CRM_JWT_JWKS_FILE, "
                 "CRM_JWT_AUDIENCE, CRM_LOG_LEVEL (see docs/operations.md)\n";
    return 2;
  }
  EnvReader env;
  ServiceConfig config = ServiceConfig::FromEnv(definition.name, env);
  log::Init(binary, config.log_level);
  // Local dates (documents, reminders) use the configured zone; set once, before any thread.
  setenv("TZ", config.time_zone.c_str(), 1);
  tzset();
  try {
    if (command == "migrate" || command == "outbox-republish" || command == "outbox-prune" ||
        command == "outbox-unpark") {
      // Migration Jobs and outbox maintenance need the database and nothing else (no JWT key).
      EnvReader database_env;
      database_env.Required("CRM_DATABASE_URL");
      database_env.Validate();
    }
    if (command == "migrate") {
      std::optional<int> up_to;
      if (migrate_to) {
        up_to = ParseMigrationVersion(argv[3]);
      }
      auto report = db::ApplyMigrations(config.database_url, MigrationSets(definition), up_to);
      log::Info("migrations done",
                {{"applied", report.applied}, {"already_present", report.already_present}});
      return 0;
    }
    if (command == "dead-letters" || command == "dead-letters-redrive") {
      // Needs NATS and nothing else: CRM_NATS_URL, CRM_STREAM.
      return DeadLetterCommand(config, std::vector<std::string>(argv + 1, argv + argc));
    }
    if (command == "projection-rebuild") {
      // Needs the database and NATS: CRM_DATABASE_URL, CRM_NATS_URL, CRM_STREAM.
      return ProjectionRebuildCommand(config, definition);
    }
    if (command == "outbox-republish" || command == "outbox-prune" || command == "outbox-unpark") {
      db::CheckSchema(config.database_url, MigrationSets(definition));
      pqxx::connection conn(config.database_url);
      if (command == "outbox-republish") {
        auto n = bus::RepublishRange(conn, argv[2], argv[3]);
        log::Info("events queued for publishing again",
                  {{"count", n}, {"from", argv[2]}, {"to", argv[3]}});
      } else if (command == "outbox-unpark") {
        auto n = bus::UnparkEvents(conn, std::vector<std::string>(argv + 2, argv + argc));
        log::Info("parked events queued for publishing again", {{"count", n}});
      } else {
        auto n = bus::PruneOutbox(conn, std::stoi(argv[2]));
        log::Info("published events pruned", {{"count", n}, {"older_than_days", argv[2]}});
      }
      return 0;
    }
    env.Validate();
    ServiceHost host(config, definition.queries);
    definition.wire(host, env);
    env.Validate();
    if (command == "check-config") {
      std::cout << "configuration ok\n";
      return 0;
    }
    db::CheckSchema(config.database_url, MigrationSets(definition));
    host.CheckStreams();
    return host.Run();
  } catch (const std::exception& e) {
    log::Error("fatal", {{"error", e.what()}});
    std::cerr << binary << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace crm::common::rpc
