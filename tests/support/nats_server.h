#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {

// A nats-server with JetStream (file storage in a temp dir) run as our child. Port and store
// dir stay the same across Stop()/Kill() and Start(), so a test can take the bus down and
// bring it back with its streams.
class NatsServer {
 public:
  // More of the server's configuration: users and their permissions, TLS.
  struct Secured {
    // nats-server configuration text (it may `include` a file by absolute path and refer to
    // `$VARIABLES` of `env`).
    std::string config;
    std::map<std::string, std::string> env;  // the server's environment, on top of ours
    // Clients reach it by this host (TLS verifies it); "127.0.0.1" or "localhost".
    std::string host = "127.0.0.1";
  };

  // Server output goes to `log_path`; empty means a file in the temp dir.
  explicit NatsServer(std::filesystem::path log_path = {});
  // A server with users, permissions or TLS (`secured.config`); DeleteAllStreams needs a user
  // with every permission then, so tests of such a server start their own one.
  NatsServer(std::filesystem::path log_path, Secured secured);
  ~NatsServer();

  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // Starts the server and waits until /healthz answers 200 (JetStream ready). No-op while
  // running. Throws std::runtime_error carrying the server log.
  void Start();
  // A variable of the server's environment from the next Start() on (a password of a Secured
  // configuration, say).
  void SetEnv(const std::string& name, const std::string& value) { secured_.env[name] = value; }
  // Graceful shutdown (SIGTERM), waiting for the process to exit.
  void Stop();
  // Crash: SIGKILL.
  void Kill();
  bool Running();

  // Fixed once the first Start() has succeeded.
  int Port() const { return port_; }
  int MonitorPort() const { return monitor_port_; }
  // nats://HOST:PORT
  std::string Url() const;

  // Deletes every stream (KV buckets and object stores included) so a test starts with an
  // empty bus.
  void DeleteAllStreams();

  const std::filesystem::path& StoreDir() const { return store_dir_; }
  const std::filesystem::path& LogPath() const { return log_path_; }

 private:
  bool Launch();

  TempDir dir_;
  std::filesystem::path store_dir_;
  std::filesystem::path log_path_;
  std::filesystem::path binary_;
  int port_ = 0;
  int monitor_port_ = 0;
  bool started_once_ = false;
  Secured secured_;
  std::optional<ChildProcess> process_;
};

}  // namespace crm::testing
