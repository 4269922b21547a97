#include "tests/support/test_environment.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace crm::testing {

namespace {

// PostgreSQL identifiers: at most 63 bytes; lower case so they need no quoting in psql.
std::string DatabaseName(std::string_view prefix, int counter) {
  std::string suffix = "_" + std::to_string(counter) + "_" + std::to_string(getpid());
  std::string name;
  for (char ch : prefix) {
    if (ch >= 'A' && ch <= 'Z') {
      name += static_cast<char>(ch - 'A' + 'a');
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') {
      name += ch;
    } else {
      name += '_';
    }
  }
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) {
    name.insert(0, "t_");
  }
  constexpr size_t kMaxIdentifier = 63;
  name.resize(std::min(name.size(), kMaxIdentifier - suffix.size()));
  return name + suffix;
}

}  // namespace

TestEnvironment& TestEnvironment::Get() {
  // Destroyed at normal exit, which stops both servers; if the process dies some other way,
  // the children's parent-death signal takes them down.
  static TestEnvironment environment;
  return environment;
}

TestEnvironment::TestEnvironment() : scratch_("crm-test-env") {
  if (const char* dir = std::getenv("CRM_TEST_LOG_DIR"); dir != nullptr && *dir != '\0') {
    log_dir_ = dir;
    std::filesystem::create_directories(log_dir_);
  } else {
    log_dir_ = scratch_.path();
  }
}

TestEnvironment::~TestEnvironment() {
  nats_.reset();
  postgres_.reset();
}

std::filesystem::path TestEnvironment::LogPath(std::string_view name) {
  // Binary name and pid keep logs of parallel test binaries in one CRM_TEST_LOG_DIR apart.
  return log_dir_ / (std::string(program_invocation_short_name) + "-" + std::to_string(getpid()) +
                     "-" + std::string(name) + "-" + std::to_string(++counter_) + ".log");
}

PostgresServer& TestEnvironment::postgres() {
  std::lock_guard lock(mutex_);
  if (!postgres_error_.empty()) {
    throw std::runtime_error(postgres_error_);
  }
  if (postgres_ == nullptr) {
    try {
      auto server = std::make_unique<PostgresServer>(LogPath("postgres"));
      server->Start();
      postgres_ = std::move(server);
    } catch (const std::exception& e) {
      postgres_error_ = std::string("shared PostgreSQL failed to start: ") + e.what();
      throw std::runtime_error(postgres_error_);
    }
  }
  return *postgres_;
}

NatsServer& TestEnvironment::nats() {
  std::lock_guard lock(mutex_);
  if (!nats_error_.empty()) {
    throw std::runtime_error(nats_error_);
  }
  if (nats_ == nullptr) {
    try {
      auto server = std::make_unique<NatsServer>(LogPath("nats-server"));
      server->Start();
      nats_ = std::move(server);
    } catch (const std::exception& e) {
      nats_error_ = std::string("shared nats-server failed to start: ") + e.what();
      throw std::runtime_error(nats_error_);
    }
  }
  return *nats_;
}

std::string TestEnvironment::FreshDatabase(std::string_view prefix) {
  PostgresServer& server = postgres();
  server.Start();
  return server.CreateDatabase(DatabaseName(prefix, ++counter_));
}

std::string TestEnvironment::FreshNats() {
  std::string url = SharedNats();
  nats().DeleteAllStreams();
  return url;
}

std::string TestEnvironment::SharedNats() {
  NatsServer& server = nats();
  server.Start();
  return server.Url();
}

}  // namespace crm::testing
