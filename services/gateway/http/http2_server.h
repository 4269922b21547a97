#pragma once

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "services/gateway/gateway.h"

// HTTP/2 in front of the Gateway (libnghttp2), cleartext with prior knowledge (h2c): what a
// TLS-terminating load balancer or ingress speaks to its backends, and what `curl
// --http2-prior-knowledge` sends. One thread per connection runs the HTTP/2 session; each
// request runs in a thread of its own, so a long stream (a reminder watch) does not hold up the
// other streams of its connection.
namespace crm::gateway {

class Http2Server {
 public:
  explicit Http2Server(Gateway& gateway);
  ~Http2Server();

  bool Bind(const std::string& listen);  // host:port; port 0 for any
  int port() const { return port_; }
  void Start();
  // Stops accepting, closes the connections and waits for the requests in flight.
  void Stop();

 private:
  void AcceptLoop();

  Gateway& gateway_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::list<int> connections_;  // sockets, to shut down on Stop
  int running_ = 0;             // connection and request threads alive
};

}  // namespace crm::gateway
