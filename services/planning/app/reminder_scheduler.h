#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/db/pool.h"
#include "services/planning/app/clock.h"

// Reminders of calendar tasks: the scheduler that dispatches them when due, and the hub that
// wakes whoever waits for reminders being planned or dispatched, in this process and in the
// other replicas (through PostgreSQL LISTEN/NOTIFY).
namespace crm::planning::app {

// Counts the reminder notifications of the database ("crm_reminders_planned" and
// "crm_reminders_dispatched") and of this process; waiters block until a count moves.
class ReminderHub {
 public:
  explicit ReminderHub(std::string database_url);
  ~ReminderHub();
  ReminderHub(const ReminderHub&) = delete;
  ReminderHub& operator=(const ReminderHub&) = delete;

  // Starts listening; returns once the LISTEN is in place (or the database is unreachable: the
  // listener keeps retrying, and waiters fall back to their timeouts).
  void Start();
  void Stop();

  uint64_t planned() const { return planned_.load(); }
  uint64_t dispatched() const { return dispatched_.load(); }
  void NotifyPlanned();
  void NotifyDispatched();
  // Block until the count moves past `seen`, `timeout` passes or the hub stops.
  void WaitPlanned(uint64_t seen, std::chrono::milliseconds timeout);
  void WaitDispatched(uint64_t seen, std::chrono::milliseconds timeout);
  bool stopping() const { return stop_.load(); }

 private:
  void Run();
  void Wait(const std::atomic<uint64_t>& counter, uint64_t seen, std::chrono::milliseconds timeout);

  std::string database_url_;
  std::atomic<uint64_t> planned_{0};
  std::atomic<uint64_t> dispatched_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> listening_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

struct ReminderSchedulerOptions {
  // Reminders claimed and published per transaction.
  int batch_size = 2000;
  // The longest sleep without a notification (a missed NOTIFY costs at most this much delay).
  std::chrono::milliseconds max_idle{30000};
};

// Dispatches due reminders: in one transaction per batch it claims them (FOR UPDATE SKIP
// LOCKED, under a transaction-level advisory lock so that numbers commit in order), numbers
// them, and enqueues crm.planning.task.reminder_due in the outbox. Any number of replicas may run
// it: each reminder is claimed, numbered and published exactly once. Between batches it sleeps
// until the next fire time, or until a reminder is planned.
class ReminderScheduler {
 public:
  // Read to the microsecond (MicrosNow), the precision reminders are stored with.
  using Clock = app::Clock;

  ReminderScheduler(common::db::Pool& pool, ReminderHub& hub, Clock clock,
                    ReminderSchedulerOptions options = {});
  ~ReminderScheduler();
  ReminderScheduler(const ReminderScheduler&) = delete;
  ReminderScheduler& operator=(const ReminderScheduler&) = delete;

  void Start();
  void Stop();
  // Dispatches every reminder due now; returns how many. Start() runs it in a loop.
  int DispatchDue();
  uint64_t dispatched() const { return dispatched_.load(); }

 private:
  void Run();
  // One transaction: up to batch_size reminders.
  int DispatchBatch();
  std::chrono::milliseconds UntilNextFire();

  common::db::Pool& pool_;
  ReminderHub& hub_;
  Clock clock_;
  ReminderSchedulerOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> dispatched_{0};
  std::thread thread_;
};

}  // namespace crm::planning::app
