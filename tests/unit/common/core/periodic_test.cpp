#include "common/core/periodic.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>

#include "tests/support/eventually.h"

namespace crm::common {
namespace {

TEST(PeriodicTask, RunsAtOnceThenEveryIntervalUntilStopped) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", std::chrono::milliseconds(10), [&runs] { ++runs; });
  task.Start();
  EXPECT_TRUE(testing::Eventually([&] { return runs.load() >= 3; }));
  task.Stop();
  const int stopped_at = runs.load();
  EXPECT_FALSE(testing::Eventually([&] { return runs.load() > stopped_at; },
                                   std::chrono::milliseconds(100)));
}

TEST(PeriodicTask, AFailingRunDoesNotEndTheJob) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", std::chrono::milliseconds(10), [&runs] {
    if (++runs < 3) {
      throw std::runtime_error("the database is down");
    }
  });
  task.Start();
  EXPECT_TRUE(testing::Eventually([&] { return runs.load() >= 4; }));
}

TEST(PeriodicTask, StopWakesALongWait) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", std::chrono::hours(1), [&runs] { ++runs; });
  task.Start();
  EXPECT_TRUE(testing::Eventually([&] { return runs.load() == 1; }));
  const auto before = std::chrono::steady_clock::now();
  task.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
}

}  // namespace
}  // namespace crm::common
