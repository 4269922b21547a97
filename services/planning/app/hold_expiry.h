#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "common/db/pool.h"
#include "services/planning/app/clock.h"

// Stand holds end by themselves. Every read judges a hold against the clock, so an expired hold
// reads as free at once; this worker makes it so in the table and publishes
// crm.planning.stand.released ("hold_expired") for each, in batches (FOR UPDATE SKIP LOCKED, so
// any number of replicas may run it and each hold is released once).
namespace crm::planning::app {

struct HoldExpiryOptions {
  int batch_size = 500;
  // The longest sleep: a hold placed by another replica expires at most this late in the table
  // (never later for readers).
  std::chrono::milliseconds max_idle{10000};
};

class HoldExpiry {
 public:
  HoldExpiry(common::db::Pool& pool, Clock clock, HoldExpiryOptions options = {});
  ~HoldExpiry();
  HoldExpiry(const HoldExpiry&) = delete;
  HoldExpiry& operator=(const HoldExpiry&) = delete;

  void Start();
  void Stop();
  // Releases every hold expired now; returns how many. Start() runs it in a loop.
  int ReleaseExpired();
  uint64_t released() const { return released_.load(); }

 private:
  void Run();
  int ReleaseBatch();
  std::chrono::milliseconds UntilNextExpiry();

  common::db::Pool& pool_;
  Clock clock_;
  HoldExpiryOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> released_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace crm::planning::app
