#include "tests/support/postgres_server.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tests/support/free_port.h"

namespace crm::testing {

namespace {

constexpr char kServerUser[] = "postgres";
constexpr auto kPostgresStartTimeout = std::chrono::seconds(30);
constexpr auto kPostgresStopGrace = std::chrono::seconds(30);
constexpr int kPostgresBindAttempts = 4;

bool HasServerBinaries(const std::filesystem::path& dir) {
  std::error_code ec;
  return !dir.empty() && std::filesystem::exists(dir / "initdb", ec) &&
         std::filesystem::exists(dir / "postgres", ec);
}

std::string PgConfigBinDir() {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen("pg_config --bindir 2>/dev/null", "r"), &pclose);
  if (pipe == nullptr) {
    return {};
  }
  std::array<char, 4096> buffer{};
  std::string out;
  while (fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
    out += buffer.data();
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) {
    out.pop_back();
  }
  return out;
}

// CRM_PG_BINDIR wins; then pg_config (may belong to libpq-dev of another major version, so it
// is checked for a server); then the Debian location of PostgreSQL 15.
std::filesystem::path FindBinDir() {
  if (const char* env = std::getenv("CRM_PG_BINDIR"); env != nullptr && *env != '\0') {
    return env;
  }
  if (std::filesystem::path dir = PgConfigBinDir(); HasServerBinaries(dir)) {
    return dir;
  }
  if (std::filesystem::path dir = "/usr/lib/postgresql/15/bin"; HasServerBinaries(dir)) {
    return dir;
  }
  throw std::runtime_error("PostgreSQL server binaries not found; set CRM_PG_BINDIR");
}

void ChownToServerUser(const std::filesystem::path& path) {
  if (geteuid() != 0) {
    return;
  }
  std::vector<char> buffer(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwnam_r(kServerUser, &pw, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    throw std::runtime_error("running as root but there is no `postgres` user to run the server");
  }
  if (chown(path.c_str(), pw.pw_uid, pw.pw_gid) != 0) {
    throw std::system_error(errno, std::generic_category(), "chown " + path.string());
  }
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto byte = static_cast<unsigned char>(ch);
    if (std::isalnum(byte) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace

PostgresServer::PostgresServer(std::filesystem::path log_path)
    : dir_("crm-pg"),
      data_dir_(dir_.path() / "data"),
      socket_dir_(dir_.path() / "socket"),
      log_path_(log_path.empty() ? dir_.path() / "postgres.log" : std::move(log_path)),
      bin_dir_(FindBinDir()),
      port_(FreeTcpPort()) {
  std::filesystem::create_directories(socket_dir_);
  ChownToServerUser(dir_.path());
  ChownToServerUser(socket_dir_);
}

PostgresServer::~PostgresServer() { Stop(); }

std::string PostgresServer::UrlFor(std::string_view database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + PercentEncode(database);
}

bool PostgresServer::Running() { return process_.has_value() && process_->Running(); }

void PostgresServer::InitDb() {
  ChildProcess::Options options{.working_dir = dir_.path(), .run_as_user = kServerUser};
  // --no-sync: durability is pointless for a throwaway cluster and fsync dominates initdb time.
  ChildProcess initdb(
      {(bin_dir_ / "initdb").string(), "-D", data_dir_.string(), "-U", "postgres", "--auth=trust",
       "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
      {}, log_path_, options);
  if (int status = initdb.Wait(); status != 0) {
    throw std::runtime_error("initdb failed with status " + std::to_string(status) + ":\n" +
                             ReadFileTail(log_path_));
  }
  initialized_ = true;
}

void PostgresServer::Start() {
  if (Running()) {
    return;
  }
  if (!initialized_) {
    InitDb();
  }
  for (int attempt = 1;; ++attempt) {
    std::uintmax_t log_start = FileSize(log_path_);
    if (Launch()) {
      started_once_ = true;
      return;
    }
    std::string log = ReadFileTail(log_path_, log_start);
    process_->Kill();
    process_.reset();
    // Someone took our port between FreeTcpPort() and bind(); only a brand-new server may
    // move, since callers may hold URLs of a server that has run before.
    bool port_taken = log.find("could not bind") != std::string::npos ||
                      log.find("could not create any TCP/IP sockets") != std::string::npos;
    if (!port_taken || started_once_ || attempt == kPostgresBindAttempts) {
      throw std::runtime_error("PostgreSQL did not start on port " + std::to_string(port_) +
                               "; log " + log_path_.string() + ":\n" + log);
    }
    port_ = FreeTcpPort();
  }
}

bool PostgresServer::Launch() {
  ChildProcess::Options options{.working_dir = dir_.path(), .run_as_user = kServerUser};
  std::vector<std::string> argv = {(bin_dir_ / "postgres").string(),
                                   "-D",
                                   data_dir_.string(),
                                   "-p",
                                   std::to_string(port_),
                                   "-k",
                                   socket_dir_.string(),
                                   "-c",
                                   "listen_addresses=127.0.0.1",
                                   "-c",
                                   "fsync=off",
                                   "-c",
                                   "synchronous_commit=off",
                                   "-c",
                                   "full_page_writes=off",
                                   "-c",
                                   "max_connections=300"};
  // Extra settings as space-separated name=value pairs: the benchmarks size memory like a
  // production server (tools/bench/run); the tests keep the defaults.
  if (const char* extra = std::getenv("CRM_TEST_PG_SETTINGS"); extra != nullptr) {
    std::istringstream settings(extra);
    for (std::string setting; settings >> setting;) {
      argv.insert(argv.end(), {"-c", setting});
    }
  }
  process_.emplace(argv, std::map<std::string, std::string>{}, log_path_, options);
  const auto deadline = std::chrono::steady_clock::now() + kPostgresStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->Running()) {
      return false;
    }
    try {
      pqxx::connection probe{AdminUrl()};
      return true;
    } catch (const std::exception&) {
      // Not listening yet, or "the database system is starting up".
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void PostgresServer::Stop() {
  if (process_.has_value()) {
    process_->Terminate(kPostgresStopGrace, SIGINT);
    process_.reset();
  }
}

void PostgresServer::Restart() {
  Stop();
  Start();
}

std::string PostgresServer::CreateDatabase(const std::string& name) {
  pqxx::connection admin{AdminUrl()};
  pqxx::nontransaction tx{admin};
  const std::string quoted = tx.quote_name(name);
  tx.exec0("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
  // template0: nobody ever connects to it, so concurrent creations cannot fail with "source
  // database is being accessed by other users". FILE_COPY beats the default WAL_LOG for a tiny
  // template when fsync is off (~0.1 s instead of ~0.2 s per database).
  tx.exec0("CREATE DATABASE " + quoted + " TEMPLATE template0 STRATEGY FILE_COPY");
  return UrlFor(name);
}

void PostgresServer::DropDatabase(const std::string& name) {
  pqxx::connection admin{AdminUrl()};
  pqxx::nontransaction tx{admin};
  tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

}  // namespace crm::testing
