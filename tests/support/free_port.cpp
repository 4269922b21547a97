#include "tests/support/free_port.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace crm::testing {
namespace {

// The ports handed out lie below the kernel's ephemeral range, so no outgoing connection's local
// port (a test's client socket, a service's connection to PostgreSQL) can be sitting on one when
// a server binds it.
constexpr int kLowest = 10'000;

int FirstEphemeralPort() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0;
  if (range >> low && low > kLowest + 1'000) {
    return low;
  }
  return 32'768;  // Linux's default
}

std::filesystem::path LockDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::filesystem::path dir =
      std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "crm-test-ports";
  std::filesystem::create_directories(dir);
  return dir;
}

// Whether 127.0.0.1:`port` can be bound now.
bool Bindable(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::system_error(errno, std::generic_category(), "socket");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

int FreeTcpPort() {
  // Every test process reserves the ports it hands out with an advisory lock on a file named
  // after the port, held until the process exits (the kernel releases it then, however the
  // process ends). Tests running in parallel therefore never draw the same port, even before
  // the server that is to use it has bound it.
  static std::mutex mutex;
  static std::vector<int> held;  // the lock files' descriptors, open for the process's life
  const std::lock_guard lock(mutex);
  static const std::filesystem::path dir = LockDirectory();
  static std::mt19937 random(std::random_device{}());
  const int highest = FirstEphemeralPort() - 1;
  std::uniform_int_distribution<int> pick(kLowest, highest);
  for (int attempt = 0; attempt < 1'000; ++attempt) {
    const int port = pick(random);
    const std::string path = (dir / std::to_string(port)).string();
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
      throw std::system_error(errno, std::generic_category(), "open " + path);
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || !Bindable(port)) {
      close(fd);  // another test process holds it, or something else is bound there
      continue;
    }
    held.push_back(fd);
    return port;
  }
  throw std::runtime_error("no free TCP port between " + std::to_string(kLowest) + " and " +
                           std::to_string(highest));
}

}  // namespace crm::testing
