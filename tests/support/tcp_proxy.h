#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace crm::testing {

// A TCP proxy on 127.0.0.1 in front of a server on this machine, for cutting a client's
// connections at a chosen moment, as a network fault does: the data in flight is lost and both
// ends see the connection close. Clients reconnect through the proxy as usual.
class TcpProxy {
 public:
  // Listens on a free port and forwards every connection to 127.0.0.1:`target_port`.
  explicit TcpProxy(int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int Port() const { return port_; }

  // Cuts every open connection now.
  void CutAll();
  // Arms a cut: once the connections opened so far and later have carried `bytes` more from
  // client to server (counted together), the connection carrying the byte past that mark is cut
  // without forwarding the rest of what it read. Fires once.
  void CutAfterClientBytes(std::size_t bytes);
  // True once an armed cut has fired.
  bool CutFired() const { return cut_fired_.load(); }

 private:
  struct Connection {
    int client = -1;
    int server = -1;
  };
  void Accept();
  void Pump(int client, int server);
  // Shuts both sockets down; the pump closes them.
  static void Cut(const Connection& c);

  int listen_fd_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stop_{false};
  std::atomic<long long> cut_budget_{-1};  // client bytes left before the armed cut; -1 none
  std::atomic<bool> cut_fired_{false};
  std::mutex mutex_;
  std::vector<Connection> open_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

}  // namespace crm::testing
