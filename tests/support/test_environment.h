#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "tests/support/nats_server.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {

// The servers shared by every test of one test binary: one PostgreSQL and one nats-server,
// each started on first use and stopped when the binary exits (or killed by the kernel if it
// dies). Tests isolate themselves with FreshDatabase() and FreshNats() rather than with servers
// of their own.
//
// Set CRM_TEST_LOG_DIR to keep the server logs (and those placed with LogPath()) there.
class TestEnvironment {
 public:
  static TestEnvironment& Get();

  TestEnvironment(const TestEnvironment&) = delete;
  TestEnvironment& operator=(const TestEnvironment&) = delete;

  // Started on the first call. Throws std::runtime_error if the server cannot be started (and
  // keeps throwing the same error rather than retrying for every test).
  PostgresServer& postgres();
  NatsServer& nats();

  // A new empty database named after `prefix`, unique within this process and across
  // processes; returns its URL. Starts PostgreSQL again if an earlier test left it stopped.
  std::string FreshDatabase(std::string_view prefix);

  // Starts nats-server again if an earlier test left it down, deletes every stream and
  // returns the server URL.
  std::string FreshNats();

  // The nats-server as earlier tests left it (started again if down), for a test whose service
  // publishes but which never reads the stream: it saves deleting and recreating the streams.
  std::string SharedNats();

  // A not yet used log file path for a child process called `name`: in CRM_TEST_LOG_DIR when
  // set, else in a temp dir removed at exit.
  std::filesystem::path LogPath(std::string_view name);

 private:
  TestEnvironment();
  ~TestEnvironment();

  std::mutex mutex_;
  TempDir scratch_;
  std::filesystem::path log_dir_;
  std::atomic<int> counter_{0};
  std::unique_ptr<PostgresServer> postgres_;
  std::string postgres_error_;
  std::unique_ptr<NatsServer> nats_;
  std::string nats_error_;
};

}  // namespace crm::testing
