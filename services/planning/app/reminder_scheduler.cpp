#include "services/planning/app/reminder_scheduler.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <pqxx/pqxx>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/log.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"

namespace crm::planning::app {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// The channels notify_reminders_planned and notify_reminders_dispatched (store/sql/calendar.sql)
// notify.
constexpr char kPlannedChannel[] = "crm_reminders_planned";
constexpr char kDispatchedChannel[] = "crm_reminders_dispatched";

class Listener : public pqxx::notification_receiver {
 public:
  Listener(pqxx::connection& conn, const std::string& channel, std::function<void()> on_notify)
      : pqxx::notification_receiver(conn, channel), on_notify_(std::move(on_notify)) {}
  void operator()(const std::string&, int) override { on_notify_(); }

 private:
  std::function<void()> on_notify_;
};

}  // namespace

// --- ReminderHub ---------------------------------------------------------------------------------

ReminderHub::ReminderHub(std::string database_url) : database_url_(std::move(database_url)) {}

ReminderHub::~ReminderHub() { Stop(); }

void ReminderHub::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
  // Waiters started right after Start() must not miss a NOTIFY sent before the LISTEN.
  for (int i = 0; i < 100 && !listening_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ReminderHub::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void ReminderHub::NotifyPlanned() {
  {
    std::lock_guard lock(mutex_);
    ++planned_;
  }
  changed_.notify_all();
}

void ReminderHub::NotifyDispatched() {
  {
    std::lock_guard lock(mutex_);
    ++dispatched_;
  }
  changed_.notify_all();
}

void ReminderHub::Wait(const std::atomic<uint64_t>& counter, uint64_t seen,
                       std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return stop_.load() || counter.load() != seen; });
}

void ReminderHub::WaitPlanned(uint64_t seen, std::chrono::milliseconds timeout) {
  Wait(planned_, seen, timeout);
}

void ReminderHub::WaitDispatched(uint64_t seen, std::chrono::milliseconds timeout) {
  Wait(dispatched_, seen, timeout);
}

void ReminderHub::Run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    try {
      pqxx::connection conn(database_url_);
      Listener planned(conn, kPlannedChannel, [this] { NotifyPlanned(); });
      Listener dispatched(conn, kDispatchedChannel, [this] { NotifyDispatched(); });
      listening_ = true;
      // Whatever happened while not listening: let every waiter look again.
      NotifyPlanned();
      NotifyDispatched();
      while (!stop_) {
        conn.await_notification(0, 200'000);
      }
    } catch (const std::exception& e) {
      listening_ = false;
      common::log::Warn("reminder listener error; retrying", {{"error", e.what()}});
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

// --- ReminderScheduler ---------------------------------------------------------------------------

ReminderScheduler::ReminderScheduler(common::db::Pool& pool, ReminderHub& hub, Clock clock,
                                     ReminderSchedulerOptions options)
    : pool_(pool), hub_(hub), clock_(std::move(clock)), options_(options) {}

ReminderScheduler::~ReminderScheduler() { Stop(); }

void ReminderScheduler::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void ReminderScheduler::Stop() {
  stop_ = true;
  hub_.NotifyPlanned();  // wakes the loop
  if (thread_.joinable()) {
    thread_.join();
  }
}

int ReminderScheduler::DispatchBatch() {
  const Timestamp now = MicrosNow(clock_);
  const int n = pool_.InTransaction([&](pqxx::work& tx) {
    store::LockReminderDispatch(tx);
    store::DropStaleReminders(tx, now);
    const auto notices = store::ClaimDueReminders(tx, now, options_.batch_size);
    if (!notices.empty()) {
      // One COPY into the outbox for the whole batch.
      std::vector<crm::events::v1::TaskReminderDue> events;
      events.reserve(notices.size());
      std::vector<common::bus::PendingEvent<crm::events::v1::TaskReminderDue>> pending;
      pending.reserve(notices.size());
      for (const auto& notice : notices) {
        events.push_back(TaskReminderDueEvent(notice));
      }
      for (std::size_t i = 0; i < notices.size(); ++i) {
        pending.push_back({notices[i].contact(), &events[i]});
      }
      common::bus::EnqueueEvents(tx, crm::events::v1::kTaskReminderDue, pending);
      store::NotifyRemindersDispatched(tx);
    }
    return static_cast<int>(notices.size());
  });
  if (n > 0) {
    dispatched_ += static_cast<uint64_t>(n);
    hub_.NotifyDispatched();
  }
  return n;
}

int ReminderScheduler::DispatchDue() {
  int total = 0;
  for (;;) {
    const int n = DispatchBatch();
    total += n;
    if (n < options_.batch_size || stop_) {
      return total;
    }
  }
}

std::chrono::milliseconds ReminderScheduler::UntilNextFire() {
  auto next = pool_.Read([](pqxx::read_transaction& tx) { return store::NextReminderTime(tx); });
  if (!next) {
    return options_.max_idle;
  }
  const int64_t wait_ms = TimeUtil::DurationToMilliseconds(*next - clock_());
  // Wake a little after the due time rather than before it.
  return std::clamp(std::chrono::milliseconds(wait_ms + 1), std::chrono::milliseconds(0),
                    options_.max_idle);
}

void ReminderScheduler::Run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    try {
      // Read the count first: a reminder planned while dispatching moves it, so the wait below
      // returns at once instead of missing it.
      const uint64_t seen = hub_.planned();
      DispatchDue();
      const auto wait = UntilNextFire();
      if (wait.count() > 0 && !stop_) {
        hub_.WaitPlanned(seen, wait);
      }
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      common::log::Warn("reminder scheduler error; retrying", {{"error", e.what()}});
      hub_.WaitPlanned(hub_.planned(), backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace crm::planning::app
