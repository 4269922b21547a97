#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/pdf_reader.h"
#include "tests/support/temp_dir.h"

// The whole system as separate processes: the five real service binaries, each with its own
// database on the shared test PostgreSQL, all on the test nats-server. End-to-end and fault tests
// drive it over gRPC exactly as the CLI or a gateway would.
namespace crm::testing {

// Where a Stack runs, when not all on the test environment's shared servers.
struct StackOptions {
  // The nats-server's URL; empty: the test nats-server, its streams deleted first.
  std::string nats_url;
  // Settings per service on top of the stack's (credentials, retry budgets), from the first start.
  std::map<std::string, std::map<std::string, std::string>> env;
  // Each service's database, already created and empty; a service missing here gets a fresh
  // database on the test PostgreSQL.
  std::map<std::string, std::string> database_urls;
  // The accounting exchange directory; empty: one in the stack's temp dir.
  std::filesystem::path exchange_dir;
};

class Stack {
 public:
  static constexpr const char* kServices[] = {"registry", "planning", "documents", "accounting",
                                              "analytics"};

  // Creates the databases, runs every binary's `migrate`, starts them all and waits until each
  // is ready. `extra_env` holds settings per service on top of the stack's (see SetExtraEnv),
  // applied from the first start on.
  explicit Stack(std::map<std::string, std::map<std::string, std::string>> extra_env = {});
  // The same on a NATS of the test's own: `nats_url`, and each service's settings on top of the
  // stack's (its credentials).
  Stack(std::string nats_url, std::map<std::string, std::map<std::string, std::string>> env);
  explicit Stack(StackOptions options);
  ~Stack();

  std::shared_ptr<grpc::Channel> Channel(const std::string& service) const;
  // "127.0.0.1:<port>" of a service's gRPC server.
  std::string Address(const std::string& service) const;
  const std::filesystem::path& exchange_dir() const { return exchange_dir_; }
  const std::string& nats_url() const { return nats_url_; }
  std::string DatabaseUrl(const std::string& service) const;
  // The database a service uses from its next Start on (a restored or upgraded copy).
  void SetDatabaseUrl(const std::string& service, std::string url);
  // A GET on a service's admin HTTP port (/metrics, /healthz, /readyz); status 0 when it did not
  // answer.
  struct AdminResponse {
    int status = 0;
    std::string content_type;
    std::string body;
  };
  AdminResponse AdminGet(const std::string& service, const std::string& path) const;

  // Settings a service gets on top of the stack's from its next Start on (an empty map: none).
  void SetExtraEnv(const std::string& service, std::map<std::string, std::string> env);

  // Stops a service with SIGTERM (graceful) or SIGKILL (crash), and starts it again.
  void Stop(const std::string& name);
  void Crash(const std::string& name);
  void Start(const std::string& name);
  bool Running(const std::string& name);
  // The process id of a running service; -1 when it is stopped.
  pid_t Pid(const std::string& name) const;
  std::string Log(const std::string& name) const;
  // Runs an operator command of a service's binary (`crm-<service> args...`) the way a Job or
  // CronJob does: with the service's database URL as the only configuration, plus `env`. Returns
  // the exit code; a command still running after `timeout` is killed and -1 returned.
  int RunOperatorCommand(const std::string& service, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         std::chrono::seconds timeout = std::chrono::seconds(60));
  // What the last operator command printed (stdout and stderr).
  std::string OperatorOutput() const;

 private:
  struct Service {
    int grpc_port = 0;
    int admin_port = 0;
    std::string database_url;
    std::filesystem::path log;
    std::unique_ptr<ChildProcess> process;
    std::map<std::string, std::string> extra_env;
  };
  std::map<std::string, std::string> EnvFor(const std::string& name) const;
  void WaitReady(const std::string& name);

  TempDir dir_;
  std::filesystem::path exchange_dir_;
  std::filesystem::path operator_log_;
  std::string nats_url_;
  std::map<std::string, Service> services_;
};

// A test suite on one Stack, started before its first test and stopped after its last.
class StackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  static inline Stack* stack_ = nullptr;
};

}  // namespace crm::testing
