#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace crm::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// Writes all of `data`; false when the peer is gone.
bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(int target_port) : listen_fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  if (listen_fd_ < 0 || pipe2(wake_, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "TcpProxy socket");
  }
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 64) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::system_error(errno, std::generic_category(), "TcpProxy listen");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this, target_port] {
    while (!stop_) {
      std::array<pollfd, 2> fds{{{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}}};
      if (poll(fds.data(), fds.size(), -1) < 0 || fds[1].revents != 0) {
        continue;
      }
      int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        continue;
      }
      int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in target = Loopback(target_port);
      if (server < 0 ||
          connect(server, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
        close(client);
        if (server >= 0) {
          close(server);
        }
        continue;
      }
      std::lock_guard lock(mutex_);
      open_.push_back({client, server});
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
    }
  });
}

TcpProxy::~TcpProxy() {
  stop_ = true;
  char byte = 0;
  (void)!write(wake_[1], &byte, 1);
  acceptor_.join();
  CutAll();
  for (auto& pump : pumps_) {
    pump.join();
  }
  close(listen_fd_);
  close(wake_[0]);
  close(wake_[1]);
}

void TcpProxy::Cut(const Connection& c) {
  shutdown(c.client, SHUT_RDWR);
  shutdown(c.server, SHUT_RDWR);
}

void TcpProxy::CutAll() {
  std::lock_guard lock(mutex_);
  for (const auto& c : open_) {
    Cut(c);
  }
}

void TcpProxy::CutAfterClientBytes(std::size_t bytes) {
  cut_fired_ = false;
  cut_budget_ = static_cast<long long>(bytes);
}

void TcpProxy::Pump(int client, int server) {
  std::array<char, 16384> buffer{};
  bool open = true;
  while (open) {
    std::array<pollfd, 2> fds{{{client, POLLIN, 0}, {server, POLLIN, 0}}};
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (int side = 0; side < 2 && open; ++side) {
      if (fds[side].revents == 0) {
        continue;
      }
      int from = side == 0 ? client : server;
      int to = side == 0 ? server : client;
      ssize_t n = recv(from, buffer.data(), buffer.size(), 0);
      if (n <= 0) {
        open = false;
        break;
      }
      auto size = static_cast<std::size_t>(n);
      if (side == 0) {
        long long budget = cut_budget_.load();
        if (budget >= 0) {
          long long left = budget - static_cast<long long>(size);
          if (left < 0 && cut_budget_.compare_exchange_strong(budget, -1)) {
            // Forward up to the mark, drop the rest, and cut.
            WriteAll(to, buffer.data(), static_cast<std::size_t>(budget));
            cut_fired_ = true;
            open = false;
            break;
          }
          cut_budget_.compare_exchange_strong(budget, std::max(left, 0LL));
        }
      }
      open = WriteAll(to, buffer.data(), size);
    }
  }
  {
    std::lock_guard lock(mutex_);
    open_.erase(std::remove_if(open_.begin(), open_.end(),
                               [&](const Connection& c) { return c.client == client; }),
                open_.end());
  }
  Cut({client, server});
  close(client);
  close(server);
}

}  // namespace crm::testing
