#include "services/accounting/store/exchange_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace crm::accounting {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::filesystem::path& path, int error) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

// Closes a descriptor on every path out of a scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error a deferred write may surface only at close.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

void WriteAll(int fd, const std::string& content, const std::filesystem::path& path) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      Fail("cannot write", path, errno);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

ExchangeDirectory::ExchangeDirectory(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.empty()) {
    throw std::runtime_error("the exchange directory path is empty");
  }
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  if (ec) {
    throw std::runtime_error("cannot create the exchange directory " + path_.string() + ": " +
                             ec.message());
  }
  if (!std::filesystem::is_directory(path_, ec)) {
    throw std::runtime_error("the exchange directory " + path_.string() + " is not a directory");
  }
}

void ExchangeDirectory::WriteAtomically(const std::string& file_name,
                                        const std::string& content) const {
  if (file_name.empty() || file_name.find('/') != std::string::npos || file_name[0] == '.') {
    throw std::invalid_argument("not a plain file name: " + file_name);
  }
  const std::filesystem::path final_path = path_ / file_name;
  const std::filesystem::path temp_path = path_ / (".tmp-" + file_name);
  try {
    Fd file(::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (file.get() < 0) {
      Fail("cannot create", temp_path, errno);
    }
    WriteAll(file.get(), content, temp_path);
    if (::fsync(file.get()) != 0) {
      Fail("cannot fsync", temp_path, errno);
    }
    if (file.Close() != 0) {
      Fail("cannot close", temp_path, errno);
    }
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      Fail("cannot rename to", final_path, errno);
    }
  } catch (...) {
    ::unlink(temp_path.c_str());
    throw;
  }
  Fd dir(::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) {
    Fail("cannot open", path_, errno);
  }
  if (::fsync(dir.get()) != 0) {
    Fail("cannot fsync", path_, errno);
  }
}

}  // namespace crm::accounting
