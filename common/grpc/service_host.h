#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "common/auth/auth.h"
#include "common/bus/consumer.h"
#include "common/bus/nats_client.h"
#include "common/bus/rebuild.h"
#include "common/core/config.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/grpc/admin_server.h"
#include "common/grpc/rpc_guard.h"

// The process around a service: gRPC server with health and reflection, the admin HTTP port
// (/metrics, /healthz, /readyz), background workers (outbox relay, event consumers) and graceful
// shutdown on SIGTERM. main.cpp only wires a service into it.

namespace crm::common::rpc {

// Something with a lifetime bound to the server's: the outbox relay, an event consumer.
struct Worker {
  std::function<void()> start;
  std::function<void()> stop;
};

class ServiceHost {
 public:
  // `queries` are prepared on every pooled connection.
  ServiceHost(ServiceConfig config, std::vector<db::NamedQuery> queries);
  ~ServiceHost();

  const ServiceConfig& config() const { return config_; }
  const RpcGuard& guard() const { return *guard_; }
  db::Pool& pool() { return *pool_; }
  bus::StreamLayout stream_layout() const;

  // Keeps `object` alive as long as the host; returns a reference to it.
  template <class T>
  T& Own(std::unique_ptr<T> object) {
    T& ref = *object;
    owned_.push_back(std::shared_ptr<void>(std::move(object)));
    return ref;
  }
  // Owns `service`, an implementation of the generated gRPC service `Generated` (for example
  // crm::registry::v1::RegistryService), and serves it under the generated full name, which the
  // health service and reflection report. Returns it.
  template <class Generated, class Impl>
  Impl& AddService(std::unique_ptr<Impl> service) {
    static_assert(std::is_base_of_v<typename Generated::Service, Impl>,
                  "the implementation must derive from Generated::Service");
    Impl& ref = Own(std::move(service));
    services_.emplace_back(&ref, Generated::service_full_name());
    return ref;
  }
  void AddWorker(Worker worker);
  // Owns a durable consumer of the event stream with `options` (its durable name and filter
  // subject) and `router` (its handlers), started and stopped with the other workers.
  bus::EventConsumer& AddConsumer(bus::ConsumerOptions options, bus::EventRouter router);
  // Every subscription of a service (its events/handlers.h lists them), in one call.
  void AddConsumers(std::vector<bus::Subscription> subscriptions);
  // The consumers added so far, in order (tests read their counters).
  const std::vector<bus::EventConsumer*>& consumers() const { return consumers_; }
  // Starts the transactional outbox relay for this service's database.
  void AddOutboxRelay();
  // Checks the streams when NATS answers within a few seconds (see NatsClient::EnsureStreams):
  // throws bus::StreamConfigError for a stream an operator must fix, so `serve` refuses to start.
  // Without NATS the relay and the consumers check once it is up.
  void CheckStreams();

  // Starts serving and returns at once: the gRPC server with health and reflection, the admin
  // HTTP port, then the workers. A listen address with port 0 takes a free port (see grpc_port()
  // and admin_port()). Throws std::runtime_error when a port cannot be bound.
  void Start();
  // Stops what Start started: readiness off, in-flight calls get up to `grace` to finish, then the
  // workers stop in reverse order and the admin port closes. Does nothing when not started.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  int grpc_port() const { return grpc_port_; }
  int admin_port() const { return admin_port_; }

  // Start, serve until SIGTERM or SIGINT, then Stop. Returns the process exit code.
  int Run();

 private:
  ServiceConfig config_;
  std::shared_ptr<const auth::TokenVerifier> verifier_;
  std::unique_ptr<RpcGuard> guard_;
  std::unique_ptr<db::Pool> pool_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::vector<Worker> workers_;
  std::vector<bus::EventConsumer*> consumers_;
  std::vector<std::shared_ptr<void>> owned_;

  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<AdminServer> admin_;
  std::atomic<bool> shutting_down_{false};
  int grpc_port_ = 0;
  int admin_port_ = 0;
};

// What a service binary is: its name, migrations, and how to wire it into the host.
struct ServiceDefinition {
  std::string name;  // "registry"
  const std::vector<db::Migration>& migrations;
  // The service's named SQL statements (store/queries.h).
  std::vector<db::NamedQuery> queries;
  // Called before serving: adds the service's APIs, relay and consumers to the host, reading its
  // own settings with `env` (validated after it returns). The tests wire through it too.
  std::function<void(ServiceHost& host, EnvReader& env)> wire;
  // The tables the service keeps only as a copy of events and the consumers that fill them, for
  // `projection-rebuild`; empty when it keeps none.
  bus::Projection projection = {};
};

// The migration sets of a service's database in the order they apply: the tables every service
// shares (the bus's outbox and inbox, the idempotency keys), then the service's own `component`.
std::vector<db::MigrationSet> ServiceMigrationSets(const std::string& component,
                                                   const std::vector<db::Migration>& own);

// `crm-<name> migrate | serve | check-config | outbox-... | dead-letters...`. Returns the process
// exit code.
int ServiceMain(int argc, char** argv, const ServiceDefinition& definition);

}  // namespace crm::common::rpc
