#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace httplib {
class Server;
}

// The admin HTTP port every process has: Prometheus /metrics, /healthz (alive), /serving
// (`serving()`: taking calls, until shutdown begins) and /readyz (`ready()`: serving and its
// dependencies answer). Each answers 200 or 503.
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
  // `serving` says what the gRPC health status SERVING says (it turns false from SIGTERM on), so
  // /serving is the readiness a kubelet probes over HTTP when the gRPC port speaks TLS, which
  // its native gRPC probe cannot; `ready` may ask more (a service: its database).
  AdminServer(std::string listen, std::function<bool()> serving, std::function<bool()> ready);
  ~AdminServer();
  // Binds and serves in a thread of its own; returns the bound port (any free one for port 0),
  // or -1 when the address cannot be bound.
  int Start();
  void Stop();

 private:
  std::string listen_;
  std::function<bool()> serving_;
  std::function<bool()> ready_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace crm::common::rpc
