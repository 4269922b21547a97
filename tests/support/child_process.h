#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::testing {

// A program run as a child of the test process: its own process group, stdout and stderr
// appended to a log file, and killed by the kernel if the test process dies for any reason
// (PR_SET_PDEATHSIG), so an aborted test never leaves servers behind. Once the child exits,
// whatever it left in its process group is SIGKILLed too.
//
// Not thread-safe: one thread at a time drives a given ChildProcess.
class ChildProcess {
 public:
  struct Options {
    // Directory the child starts in; empty keeps the current one.
    std::filesystem::path working_dir;
    // When the test runs as root, the child drops to this user (and its groups) before
    // exec; ignored otherwise. HOME, USER and LOGNAME follow the user.
    std::string run_as_user;
  };

  // Starts argv[0] (looked up in PATH unless it contains '/') with the current environment
  // plus `env` (overriding same-named variables). Output goes to `log_path` (appended; empty
  // means /dev/null). Throws std::runtime_error if the program cannot be started.
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log_path, const Options& options);
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log_path)
      : ChildProcess(argv, env, log_path, Options{}) {}

  // Terminate()s a still running child.
  ~ChildProcess();

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t Pid() const { return pid_; }

  // True until the child has exited (reaps it when it has).
  bool Running();

  // Sends `signal` to the child, waits up to `grace` for it to exit, then SIGKILLs its whole
  // process group. Returns the exit status as Wait() does.
  int Terminate(std::chrono::milliseconds grace = std::chrono::seconds(10), int signal = SIGTERM);

  // SIGKILLs the child's process group and reaps the child; returns the status as Wait() does.
  int Kill();

  // Blocks until the child exits. Returns its exit code, or 128 + signal number if a signal
  // ended it (the shell convention).
  int Wait();

  // The status of an exited child; nullopt while it runs.
  std::optional<int> ExitStatus() const { return exit_status_; }

 private:
  // Polls for exit without reaping, so the pid (and process group id) cannot be reused
  // while we still signal the group.
  bool ExitedUnreaped();
  void KillGroupAndReap();
  void Reset() noexcept;

  pid_t pid_ = -1;
  pid_t owner_pid_ = -1;
  std::optional<int> exit_status_;
};

// The whole content of a file, or a note that it could not be read; for failure messages.
std::string ReadFile(const std::filesystem::path& path);

// The size of a file, 0 when it does not exist yet: where to read a log's new lines from.
std::uintmax_t FileSize(const std::filesystem::path& path);

// What a log gained since byte offset `from`, at most its last `max_bytes`.
std::string ReadFileTail(const std::filesystem::path& path, std::uintmax_t from = 0,
                         std::size_t max_bytes = 16 * 1024);

}  // namespace crm::testing
