#include "common/core/periodic.h"

#include <exception>
#include <utility>

#include "common/core/log.h"

namespace crm::common {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> run)
    : name_(std::move(name)), interval_(interval), run_(std::move(run)) {}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicTask::Stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void PeriodicTask::Loop() {
  while (!stop_) {
    try {
      run_();
    } catch (const std::exception& e) {
      log::Warn("periodic job failed; it runs again at its next interval",
                {{"job", name_}, {"error", e.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, interval_, [this] { return stop_.load(); });
  }
}

}  // namespace crm::common
