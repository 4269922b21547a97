#pragma once

#include <memory>
#include <string>
#include <thread>

#include "services/gateway/gateway.h"

namespace httplib {
class Server;
}

// HTTP/1.1 in front of the Gateway (cpp-httplib): keep-alive connections, each served by a
// thread of a fixed pool, so an open stream (a reminder watch) holds one thread; the pool size
// is CRM_GATEWAY_THREADS.
namespace crm::gateway {

class Http1Server {
 public:
  Http1Server(Gateway& gateway, const GatewayConfig& config);
  ~Http1Server();

  // Binds `listen` (host:port, port 0 for any); false when it cannot. The port bound.
  bool Bind(const std::string& listen);
  int port() const { return port_; }
  // Serves in a thread of its own until Stop().
  void Start();
  void Stop();

 private:
  Gateway& gateway_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace crm::gateway
