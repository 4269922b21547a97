#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

// A background job run every `interval` on its own thread until Stop(): the shape of the
// services' timed work (closing editions whose end date passed, ...). A run that throws is
// logged (a database or bus outage as a warning) and the next run comes at the next interval:
// an outage pauses the job, it never ends it.
namespace crm::common {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> run);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // The first run comes at once, then one every interval after the previous run ended.
  void Start();
  // Wakes the thread and waits for a run in progress to end.
  void Stop();

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> run_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace crm::common
