#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace httplib {
class Server;
}

// The admin HTTP port every process has: Prometheus /metrics, /healthz (alive) and /readyz
// (`ready()` says whether to take traffic).
namespace crm::common::rpc {

// "host:port" -> {host, port}; throws std::runtime_error without a port.
std::pair<std::string, int> SplitHostPort(const std::string& listen);

// SIGTERM and SIGINT are blocked in every thread (call before starting any) and taken
// synchronously by the main thread, which then shuts down gracefully.
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT; returns the signal's number.
int WaitForTerminationSignal();

class AdminServer {
 public:
  AdminServer(std::string listen, std::function<bool()> ready);
  ~AdminServer();
  // Binds and serves in a thread of its own; returns the bound port (any free one for port 0),
  // or -1 when the address cannot be bound.
  int Start();
  void Stop();

 private:
  std::string listen_;
  std::function<bool()> ready_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace crm::common::rpc
