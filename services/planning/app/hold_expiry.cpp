#include "services/planning/app/hold_expiry.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/log.h"
#include "services/planning/events/published.h"
#include "services/planning/store/stand_store.h"

namespace crm::planning::app {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

HoldExpiry::HoldExpiry(common::db::Pool& pool, Clock clock, HoldExpiryOptions options)
    : pool_(pool), clock_(std::move(clock)), options_(options) {}

HoldExpiry::~HoldExpiry() { Stop(); }

void HoldExpiry::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void HoldExpiry::Stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

int HoldExpiry::ReleaseBatch() {
  const Timestamp now = MicrosNow(clock_);
  const int n = pool_.InTransaction([&](pqxx::work& tx) {
    const std::vector<store::ExpiredHold> expired =
        store::ExpireHolds(tx, now, options_.batch_size);
    if (expired.empty()) {
      return 0;
    }
    std::vector<std::string> ids;
    ids.reserve(expired.size());
    for (const auto& hold : expired) {
      ids.push_back(hold.stand_id);
    }
    std::map<std::string, store::StandRow> stands;
    for (auto& row : store::FindStands(tx, now, ids)) {
      std::string id = row.id;
      stands.emplace(std::move(id), std::move(row));
    }
    // One COPY into the outbox for the batch.
    std::vector<crm::events::v1::StandReleased> events;
    events.reserve(expired.size());
    for (const auto& hold : expired) {
      events.push_back(
          StandReleasedEvent(stands.at(hold.stand_id), "hold_expired", hold.client_id, "", ""));
    }
    std::vector<common::bus::PendingEvent<crm::events::v1::StandReleased>> pending;
    pending.reserve(events.size());
    for (const auto& event : events) {
      pending.push_back({event.stand().stand(), &event});
    }
    common::bus::EnqueueEvents(tx, crm::events::v1::kStandReleased, pending);
    return static_cast<int>(expired.size());
  });
  released_ += static_cast<uint64_t>(n);
  return n;
}

int HoldExpiry::ReleaseExpired() {
  int total = 0;
  for (;;) {
    const int n = ReleaseBatch();
    total += n;
    if (n < options_.batch_size || stop_) {
      return total;
    }
  }
}

std::chrono::milliseconds HoldExpiry::UntilNextExpiry() {
  auto next = pool_.Read([](pqxx::read_transaction& tx) { return store::NextHoldExpiry(tx); });
  if (!next) {
    return options_.max_idle;
  }
  const int64_t wait_ms = TimeUtil::DurationToMilliseconds(*next - clock_());
  return std::clamp(std::chrono::milliseconds(wait_ms + 1), std::chrono::milliseconds(50),
                    options_.max_idle);
}

void HoldExpiry::Run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    std::chrono::milliseconds wait = backoff;
    try {
      ReleaseExpired();
      wait = UntilNextExpiry();
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      common::log::Warn("stand hold expiry error; retrying", {{"error", e.what()}});
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, wait, [this] { return stop_.load(); });
  }
}

}  // namespace crm::planning::app
