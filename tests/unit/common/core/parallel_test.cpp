#include "common/core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace crm::common {
namespace {

TEST(RunInParallel, CallsEachIndexOnceOnUpToTheThreadsGiven) {
  std::vector<std::atomic<int>> calls(50);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> running{0};
  std::atomic<int> most_running{0};
  RunInParallel(calls.size(), 3, [&](std::size_t i) {
    const int now = ++running;
    int seen = most_running.load();
    while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ++calls[i];
    {
      const std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    --running;
  });
  for (const auto& each : calls) {
    EXPECT_EQ(each.load(), 1);
  }
  EXPECT_LE(most_running.load(), 3);
  EXPECT_LE(threads.size(), 3u);
  EXPECT_GE(threads.size(), 2u);
  EXPECT_TRUE(threads.count(std::this_thread::get_id()) == 1) << "the caller takes its turns";
}

TEST(RunInParallel, OneThreadOrOnePieceRunsOnTheCaller) {
  for (const auto& [count, threads] : {std::pair{5, 1}, std::pair{1, 4}, std::pair{3, 0}}) {
    std::vector<std::size_t> order;
    const std::thread::id caller = std::this_thread::get_id();
    RunInParallel(static_cast<std::size_t>(count), threads, [&](std::size_t i) {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      order.push_back(i);
    });
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
      expected.push_back(i);
    }
    EXPECT_EQ(order, expected);
  }
  RunInParallel(0, 4, [](std::size_t) { FAIL() << "nothing to run"; });
}

TEST(RunInParallel, TheFirstFailureIsThrownAfterEveryCallEnded) {
  std::atomic<int> running{0};
  std::atomic<int> ended{0};
  EXPECT_THROW(RunInParallel(40, 2,
                             [&](std::size_t i) {
                               ++running;
                               std::this_thread::sleep_for(std::chrono::milliseconds(1));
                               --running;
                               ++ended;
                               if (i == 3) {
                                 throw std::runtime_error("rendering failed");
                               }
                             }),
               std::runtime_error);
  EXPECT_EQ(running.load(), 0);
  EXPECT_LT(ended.load(), 40) << "what was not started yet is left out";
}

}  // namespace
}  // namespace crm::common
