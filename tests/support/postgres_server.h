#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {

// A throwaway PostgreSQL cluster: initdb into a temp dir, `postgres` run directly as our child
// (not via pg_ctl) so it dies with the test process. Tuned for speed, not durability. When the
// tests run as root (CI), the server runs as the `postgres` system user, since PostgreSQL
// refuses to run as root.
class PostgresServer {
 public:
  // Server output (initdb included) goes to `log_path`; empty means a file in the temp dir.
  explicit PostgresServer(std::filesystem::path log_path = {});
  // Stops the server and deletes the cluster.
  ~PostgresServer();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates the cluster on first use, starts the server and waits until it accepts
  // connections. No-op while running. Throws std::runtime_error carrying the server log.
  void Start();
  // Fast shutdown (SIGINT: open sessions are disconnected). Data survive for Start().
  void Stop();
  void Restart();
  bool Running();

  // Fixed once the first Start() has succeeded; kept across Stop()/Start().
  int Port() const { return port_; }
  // postgresql://postgres@127.0.0.1:PORT/postgres
  std::string AdminUrl() const { return UrlFor("postgres"); }
  std::string UrlFor(std::string_view database) const;

  // (Re)creates an empty database, forcibly disconnecting users of an old one; returns its URL.
  std::string CreateDatabase(const std::string& name);
  void DropDatabase(const std::string& name);

  const std::filesystem::path& LogPath() const { return log_path_; }
  const std::filesystem::path& DataDir() const { return data_dir_; }
  // The server's programs (pg_dump, pg_restore, psql) live beside it.
  const std::filesystem::path& BinDir() const { return bin_dir_; }

 private:
  void InitDb();
  // One attempt to launch the server; false if it exited or never answered.
  bool Launch();

  TempDir dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path socket_dir_;
  std::filesystem::path log_path_;
  std::filesystem::path bin_dir_;
  int port_ = 0;
  bool initialized_ = false;
  bool started_once_ = false;
  std::optional<ChildProcess> process_;
};

}  // namespace crm::testing
