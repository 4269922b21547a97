#pragma once

#include <filesystem>
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
  // Server output goes to `log_path`; empty means a file in the temp dir.
  explicit NatsServer(std::filesystem::path log_path = {});
  ~NatsServer();

  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // Starts the server and waits until /healthz answers 200 (JetStream ready). No-op while
  // running. Throws std::runtime_error carrying the server log.
  void Start();
  // Graceful shutdown (SIGTERM), waiting for the process to exit.
  void Stop();
  // Crash: SIGKILL.
  void Kill();
  bool Running();

  // Fixed once the first Start() has succeeded.
  int Port() const { return port_; }
  int MonitorPort() const { return monitor_port_; }
  // nats://127.0.0.1:PORT
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
  std::optional<ChildProcess> process_;
};

}  // namespace crm::testing
