#include "tests/support/nats_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/free_port.h"
#include "tests/support/nats_handles.h"

namespace crm::testing {

namespace {

constexpr auto kNatsStartTimeout = std::chrono::seconds(15);
constexpr auto kNatsStopGrace = std::chrono::seconds(10);
constexpr int kNatsBindAttempts = 4;

// CRM_NATS_SERVER wins; the Debian package installs into /usr/sbin, which is not on every
// user's PATH.
std::filesystem::path FindNatsServer() {
  if (const char* env = std::getenv("CRM_NATS_SERVER"); env != nullptr && *env != '\0') {
    return env;
  }
  std::vector<std::filesystem::path> candidates;
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string_view dirs(path);
    while (!dirs.empty()) {
      size_t colon = dirs.find(':');
      std::string_view dir = dirs.substr(0, colon);
      if (!dir.empty()) {
        candidates.emplace_back(std::filesystem::path(dir) / "nats-server");
      }
      dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    }
  }
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/usr/local/bin"}) {
    candidates.emplace_back(std::filesystem::path(dir) / "nats-server");
  }
  for (const auto& candidate : candidates) {
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  throw std::runtime_error("nats-server not found; set CRM_NATS_SERVER");
}

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) {
      close(fd_);
    }
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Status code of `GET path` on 127.0.0.1:port, or -1 if there is no answer. Plain HTTP/1.0 on
// a socket keeps the fixture free of an HTTP client dependency.
int HttpGetStatus(int port, const std::string& path) {
  ScopedFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    return -1;
  }
  timeval timeout{.tv_sec = 2, .tv_usec = 0};
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return -1;
  }
  const std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return -1;
  }
  std::string response;
  char buffer[512];
  while (response.find("\r\n") == std::string::npos) {
    ssize_t n = recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n <= 0) {
      break;
    }
    response.append(buffer, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) {
    return -1;
  }
  try {
    return std::stoi(response.substr(9, 3));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

NatsServer::NatsServer(std::filesystem::path log_path)
    : NatsServer(std::move(log_path), Secured{}) {}

NatsServer::NatsServer(std::filesystem::path log_path, Secured secured)
    : dir_("crm-nats"),
      store_dir_(dir_.path() / "store"),
      log_path_(log_path.empty() ? dir_.path() / "nats-server.log" : std::move(log_path)),
      binary_(FindNatsServer()),
      port_(FreeTcpPort()),
      monitor_port_(FreeTcpPort()),
      secured_(std::move(secured)) {
  // The kernel may hand out the same free port twice in a row.
  while (monitor_port_ == port_) {
    monitor_port_ = FreeTcpPort();
  }
}

NatsServer::~NatsServer() { Stop(); }

std::string NatsServer::Url() const {
  return "nats://" + secured_.host + ":" + std::to_string(port_);
}

bool NatsServer::Running() { return process_.has_value() && process_->Running(); }

void NatsServer::Start() {
  if (Running()) {
    return;
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
    // Only a server that never ran may move to other ports: callers may hold its URL.
    bool port_taken = log.find("address already in use") != std::string::npos;
    if (!port_taken || started_once_ || attempt == kNatsBindAttempts) {
      throw std::runtime_error("nats-server did not start on port " + std::to_string(port_) +
                               "; log " + log_path_.string() + ":\n" + log);
    }
    port_ = FreeTcpPort();
    do {
      monitor_port_ = FreeTcpPort();
    } while (monitor_port_ == port_);
  }
}

bool NatsServer::Launch() {
  std::vector<std::string> argv{binary_.string(),
                                "-js",
                                "-a",
                                "127.0.0.1",
                                "-p",
                                std::to_string(port_),
                                "-m",
                                std::to_string(monitor_port_),
                                "-sd",
                                store_dir_.string()};
  if (!secured_.config.empty()) {
    // The command line's listen addresses and store win over the file's.
    const std::filesystem::path config = dir_.path() / "nats.conf";
    std::ofstream(config) << secured_.config << "\n";
    argv.insert(argv.begin() + 1, {"-c", config.string()});
  }
  process_.emplace(argv, secured_.env, log_path_,
                   ChildProcess::Options{.working_dir = dir_.path(), .run_as_user = {}});
  const auto deadline = std::chrono::steady_clock::now() + kNatsStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->Running()) {
      return false;
    }
    if (HttpGetStatus(monitor_port_, "/healthz") == 200) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void NatsServer::Stop() {
  if (process_.has_value()) {
    process_->Terminate(kNatsStopGrace, SIGTERM);
    process_.reset();
  }
}

void NatsServer::Kill() {
  if (process_.has_value()) {
    process_->Kill();
    process_.reset();
  }
}

void NatsServer::DeleteAllStreams() {
  NatsConnectionPtr connection = ConnectNats(Url());
  JsCtxPtr js = JetStream(connection.get());
  jsStreamNamesList* raw_names = nullptr;
  natsStatus s = js_StreamNames(&raw_names, js.get(), nullptr, nullptr);
  JsStreamNamesListPtr names(raw_names);
  if (s == NATS_NOT_FOUND) {
    return;  // The client reports an empty list as "not found".
  }
  CheckNats(s, "js_StreamNames");
  for (int i = 0; i < names->Count; ++i) {
    s = js_DeleteStream(js.get(), names->List[i], nullptr, nullptr);
    if (s != NATS_NOT_FOUND) {
      CheckNats(s, std::string("js_DeleteStream ") + names->List[i]);
    }
  }
}

}  // namespace crm::testing
