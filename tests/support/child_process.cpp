#include "tests/support/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

extern char** environ;

namespace crm::testing {

namespace {

// PR_SET_PDEATHSIG fires when the *thread* that forked exits, not the process. Forking from
// one thread that lives as long as the process keeps a child started from a short-lived test
// thread alive.
class Spawner {
 public:
  static Spawner& Instance() {
    // Leaked on purpose: the thread must outlive static destruction. A forked copy of the
    // test process has no spawner thread, so it gets its own.
    static std::mutex creation_mutex;
    static Spawner* instance = nullptr;
    std::lock_guard lock(creation_mutex);
    if (instance == nullptr || instance->owner_pid_ != getpid()) {
      instance = new Spawner();
    }
    return *instance;
  }

  pid_t Run(const std::function<pid_t()>& fork_child) {
    std::packaged_task<pid_t()> task(fork_child);
    std::future<pid_t> result = task.get_future();
    {
      std::lock_guard lock(mutex_);
      queue_.emplace_back([&task] { task(); });
    }
    wake_.notify_one();
    return result.get();
  }

 private:
  Spawner() : owner_pid_(getpid()) {
    std::thread([this] { Loop(); }).detach();
  }

  [[noreturn]] void Loop() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  const pid_t owner_pid_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
};

// Everything the child needs, prepared before fork: between fork and exec only
// async-signal-safe calls are allowed because other threads may hold locks (malloc's too).
struct ChildSetup {
  std::string program;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::string working_dir;
  bool drop_privileges = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  int stdin_fd = -1;
  int log_fd = -1;
  int error_fd = -1;
  int max_fd = 1024;
  pid_t parent_pid = 0;
};

// What the child reports through the error pipe when it cannot get to exec.
struct ChildFailure {
  int step;
  int error;
};

constexpr const char* kStepNames[] = {"setpgid", "setgroups", "setgid", "setuid",
                                      "prctl",   "dup2",      "chdir",  "execve"};

[[noreturn]] void Fail(const ChildSetup& setup, int step) {
  ChildFailure failure{step, errno};
  // Nothing useful to do if the report cannot be written: the parent sees EOF and a dead child.
  [[maybe_unused]] ssize_t ignored = write(setup.error_fd, &failure, sizeof(failure));
  _exit(127);
}

void CloseFrom(int first, int last_or_minus_one, int max_fd) {
  int last = last_or_minus_one < 0 ? max_fd : last_or_minus_one;
  if (first > last) {
    return;
  }
#ifdef SYS_close_range
  unsigned int upper = last_or_minus_one < 0 ? ~0U : static_cast<unsigned int>(last);
  if (syscall(SYS_close_range, static_cast<unsigned int>(first), upper, 0U) == 0) {
    return;
  }
#endif
  for (int fd = first; fd <= last; ++fd) {
    close(fd);
  }
}

[[noreturn]] void RunChild(const ChildSetup& setup) {
  if (setpgid(0, 0) != 0) {
    Fail(setup, 0);
  }
  if (setup.drop_privileges) {
    // Raw syscalls: glibc's wrappers coordinate all threads of the process, which a freshly
    // forked child does not have.
    if (syscall(SYS_setgroups, setup.groups.size(), setup.groups.data()) != 0) {
      Fail(setup, 1);
    }
    if (syscall(SYS_setresgid, setup.gid, setup.gid, setup.gid) != 0) {
      Fail(setup, 2);
    }
    if (syscall(SYS_setresuid, setup.uid, setup.uid, setup.uid) != 0) {
      Fail(setup, 3);
    }
  }
  // After the credential change, which clears the death signal.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
    Fail(setup, 4);
  }
  if (getppid() != setup.parent_pid) {
    _exit(127);  // The parent died before the death signal was armed.
  }

  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  // Ignored signals survive exec; the test harness may ignore some of them.
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) {
    signal(sig, SIG_DFL);
  }

  if (dup2(setup.stdin_fd, STDIN_FILENO) < 0 || dup2(setup.log_fd, STDOUT_FILENO) < 0 ||
      dup2(setup.log_fd, STDERR_FILENO) < 0) {
    Fail(setup, 5);
  }
  if (!setup.working_dir.empty() && chdir(setup.working_dir.c_str()) != 0) {
    Fail(setup, 6);
  }
  // Inherited descriptors (listening sockets, database connections of the test process) would
  // otherwise stay open as long as the child runs. The error pipe closes itself on exec.
  CloseFrom(STDERR_FILENO + 1, setup.error_fd - 1, setup.max_fd);
  CloseFrom(setup.error_fd + 1, -1, setup.max_fd);

  execve(setup.program.c_str(), setup.argv.data(), setup.envp.data());
  Fail(setup, 7);
}

std::string ResolveProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return name;
  }
  const char* path_env = std::getenv("PATH");
  std::stringstream dirs(path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  throw std::runtime_error("program not found in PATH: " + name);
}

// Keeps descriptors clear of 0-2 so the dup2 calls in the child cannot clobber each other.
int AboveStdio(int fd, const std::string& what) {
  if (fd < 0) {
    throw std::system_error(errno, std::generic_category(), what);
  }
  if (fd > STDERR_FILENO) {
    return fd;
  }
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  int saved = errno;
  close(fd);
  if (moved < 0) {
    throw std::system_error(saved, std::generic_category(), what);
  }
  return moved;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) {
      close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_;
};

int DecodeStatus(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env,
                           const std::filesystem::path& log_path, const Options& options) {
  if (argv.empty()) {
    throw std::invalid_argument("ChildProcess: empty argv");
  }
  ChildSetup setup;
  setup.program = ResolveProgram(argv[0]);

  // The vectors of char* point into these strings, which live until the child has exec'd.
  std::vector<std::string> args(argv);
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view kv(*entry);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos) {
      environment.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }

  if (!options.run_as_user.empty() && geteuid() == 0) {
    std::vector<char> buffer(16384);
    passwd pw{};
    passwd* found = nullptr;
    int rc = getpwnam_r(options.run_as_user.c_str(), &pw, buffer.data(), buffer.size(), &found);
    if (rc != 0 || found == nullptr) {
      throw std::runtime_error("ChildProcess: unknown user " + options.run_as_user);
    }
    setup.drop_privileges = true;
    setup.uid = pw.pw_uid;
    setup.gid = pw.pw_gid;
    int count = 64;
    setup.groups.resize(count);
    while (getgrouplist(pw.pw_name, pw.pw_gid, setup.groups.data(), &count) < 0) {
      setup.groups.resize(count);
    }
    setup.groups.resize(count);
    environment["HOME"] = pw.pw_dir;
    environment["USER"] = pw.pw_name;
    environment["LOGNAME"] = pw.pw_name;
  }
  for (const auto& [name, value] : env) {
    environment[name] = value;
  }
  std::vector<std::string> env_entries;
  env_entries.reserve(environment.size());
  for (const auto& [name, value] : environment) {
    env_entries.push_back(name);
    env_entries.back().append("=").append(value);
  }
  for (std::string& arg : args) {
    setup.argv.push_back(arg.data());
  }
  setup.argv.push_back(nullptr);
  for (std::string& entry : env_entries) {
    setup.envp.push_back(entry.data());
  }
  setup.envp.push_back(nullptr);
  setup.working_dir = options.working_dir.string();

  Fd stdin_fd(AboveStdio(open("/dev/null", O_RDONLY | O_CLOEXEC), "open /dev/null"));
  std::filesystem::path log = log_path.empty() ? "/dev/null" : log_path;
  Fd log_fd(AboveStdio(open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644),
                       "open " + log.string()));
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  Fd read_end(pipe_fds[0]);
  Fd write_end(AboveStdio(pipe_fds[1], "pipe2"));
  setup.stdin_fd = stdin_fd.get();
  setup.log_fd = log_fd.get();
  setup.error_fd = write_end.get();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    setup.max_fd = static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
  }

  pid_t pid = Spawner::Instance().Run([&setup]() -> pid_t {
    setup.parent_pid = getpid();
    pid_t child = fork();
    if (child == 0) {
      RunChild(setup);
    }
    if (child < 0) {
      throw std::system_error(errno, std::generic_category(), "fork");
    }
    return child;
  });
  pid_ = pid;
  owner_pid_ = getpid();

  // EOF on the pipe means exec succeeded (the write end closed on exec).
  write_end.Close();
  ChildFailure failure{};
  ssize_t n;
  do {
    n = read(read_end.get(), &failure, sizeof(failure));
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    std::string step = failure.step >= 0 && failure.step < static_cast<int>(std::size(kStepNames))
                           ? kStepNames[failure.step]
                           : "?";
    throw std::runtime_error("cannot start " + setup.program + ": " + step + ": " +
                             std::strerror(failure.error));
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_ && getpid() == owner_pid_) {
    Terminate();
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      owner_pid_(other.owner_pid_),
      exit_status_(std::exchange(other.exit_status_, std::nullopt)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Reset();
    pid_ = std::exchange(other.pid_, -1);
    owner_pid_ = other.owner_pid_;
    exit_status_ = std::exchange(other.exit_status_, std::nullopt);
  }
  return *this;
}

void ChildProcess::Reset() noexcept {
  if (pid_ > 0 && !exit_status_ && getpid() == owner_pid_) {
    Terminate();
  }
  pid_ = -1;
  exit_status_.reset();
}

bool ChildProcess::ExitedUnreaped() {
  siginfo_t info{};
  int rc;
  do {
    rc = waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (rc != 0 && errno == EINTR);
  // An error here (ECHILD: someone else reaped it) means it is gone too.
  return rc != 0 || info.si_pid != 0;
}

void ChildProcess::KillGroupAndReap() {
  // The exited leader is still a zombie, so its process group id cannot have been reused.
  kill(-pid_, SIGKILL);
  int status = 0;
  pid_t rc;
  do {
    rc = waitpid(pid_, &status, 0);
  } while (rc < 0 && errno == EINTR);
  exit_status_ = rc == pid_ ? DecodeStatus(status) : -1;
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || exit_status_) {
    return false;
  }
  if (ExitedUnreaped()) {
    // Take down whatever the child left in its group (e.g. backends of a crashed postmaster).
    KillGroupAndReap();
    return false;
  }
  return true;
}

int ChildProcess::Terminate(std::chrono::milliseconds grace, int signal) {
  if (!Running()) {
    return exit_status_.value_or(-1);
  }
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!ExitedUnreaped() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  KillGroupAndReap();
  return *exit_status_;
}

int ChildProcess::Kill() {
  if (!Running()) {
    return exit_status_.value_or(-1);
  }
  KillGroupAndReap();
  return *exit_status_;
}

int ChildProcess::Wait() {
  if (!Running()) {
    return exit_status_.value_or(-1);
  }
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  KillGroupAndReap();
  return *exit_status_;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return "<cannot read " + path.string() + ">";
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::uintmax_t FileSize(const std::filesystem::path& path) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

std::string ReadFileTail(const std::filesystem::path& path, std::uintmax_t from,
                         std::size_t max_bytes) {
  std::string content = ReadFile(path);
  std::uintmax_t start =
      std::max<std::uintmax_t>(from, content.size() > max_bytes ? content.size() - max_bytes : 0);
  return start < content.size() ? content.substr(start) : std::string();
}

}  // namespace crm::testing
