#include "common/grpc/admin_server.h"

#include <httplib.h>
#include <signal.h>

#include <stdexcept>

#include "common/core/metrics.h"

namespace crm::common::rpc {

std::pair<std::string, int> SplitHostPort(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw std::runtime_error("listen address must be host:port, got " + listen);
  }
  return {listen.substr(0, colon), std::stoi(listen.substr(colon + 1))};
}

namespace {
sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}
}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set = TerminationSignals();
  int signal_number = 0;
  sigwait(&set, &signal_number);
  return signal_number;
}

AdminServer::AdminServer(std::string listen, std::function<bool()> serving,
                         std::function<bool()> ready)
    : listen_(std::move(listen)),
      serving_(std::move(serving)),
      ready_(std::move(ready)),
      server_(std::make_unique<httplib::Server>()) {
  server_->Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics::Registry::Global().RenderText(), "text/plain; version=0.0.4");
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server_->Get("/serving", [this](const httplib::Request&, httplib::Response& res) {
    const bool is_serving = serving_();
    res.status = is_serving ? 200 : 503;
    res.set_content(is_serving ? "serving\n" : "not serving\n", "text/plain");
  });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    bool is_ready = ready_();
    res.status = is_ready ? 200 : 503;
    res.set_content(is_ready ? "ready\n" : "not ready\n", "text/plain");
  });
}

AdminServer::~AdminServer() { Stop(); }

int AdminServer::Start() {
  auto [host, port] = SplitHostPort(listen_);
  const int bound =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return -1;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return bound;
}

void AdminServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace crm::common::rpc
