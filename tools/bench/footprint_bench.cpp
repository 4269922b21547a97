// Each service's footprint: cold start (process start -> ready: the gRPC health service says
// SERVING before the admin /readyz answers 200) over several starts, and the resident memory once
// start-up has settled and the service is idle. Goals: start < 1 s, idle RSS < 30 MiB.
//
//   crm-bench-footprint [STARTS] [IDLE_SECONDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/core/log.h"
#include "tests/e2e/stack.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {
constexpr double kStartGoalMs = 1000;
constexpr double kIdleRssGoalMiB = 30;
}  // namespace

int main(int argc, char** argv) {
  const int starts = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const int idle_seconds = argc > 2 ? std::max(0, std::atoi(argv[2])) : 5;
  crm::common::log::Init("crm-bench-footprint", "warn");

  crm::testing::Stack stack;
  std::printf(
      "cold start: process start -> ready (gRPC health SERVING), polled every 50 ms, "
      "%d starts each\n",
      starts);
  std::printf("%-12s %10s %10s   goal < %.0f ms\n", "service", "median ms", "max ms", kStartGoalMs);
  std::map<std::string, crm::bench::Percentiles> start_ms;
  for (const char* service : crm::testing::Stack::kServices) {
    std::vector<double> times;
    for (int i = 0; i < starts; ++i) {
      stack.Stop(service);
      const auto begun = crm::bench::SteadyClock::now();
      stack.Start(service);  // returns once /readyz answers 200
      times.push_back(crm::bench::Seconds(begun) * 1000);
    }
    start_ms[service] = crm::bench::PercentilesOf(times);
    std::printf("%-12s %10.0f %10.0f   %s\n", service, start_ms[service].p50, start_ms[service].max,
                start_ms[service].max < kStartGoalMs ? "met" : "NOT met");
  }

  // Every service was started last in the loop above; let the last ones settle too.
  std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
  std::printf("\nidle resident memory after %d s idle (VmRSS)   goal < %.0f MiB\n", idle_seconds,
              kIdleRssGoalMiB);
  std::map<std::string, double> rss;
  std::map<std::string, crm::bench::MemoryBreakdown> memory;
  for (const char* service : crm::testing::Stack::kServices) {
    rss[service] = crm::bench::RssMiBOf(stack.Pid(service));
    memory[service] = crm::bench::MemoryOf(stack.Pid(service));
    std::printf("%-12s %8.1f MiB   %s\n", service, rss[service],
                rss[service] > 0 && rss[service] < kIdleRssGoalMiB ? "met" : "NOT met");
  }
  // What the resident set is made of: VmRSS counts in full the library pages every service shares
  // (PSS divides them among the processes mapping them); the private pages are the service's own.
  std::printf("\nof which (MiB)  %8s %8s %14s   largest parts of the resident set\n", "private",
              "PSS", "shared clean");
  for (const char* service : crm::testing::Stack::kServices) {
    const crm::bench::MemoryBreakdown& m = memory[service];
    std::printf("%-12s    %8.1f %8.1f %14.1f  ", service, m.private_mib, m.pss, m.shared_clean);
    for (const auto& [file, mib] : crm::bench::LargestMappingsOf(stack.Pid(service), 5)) {
      std::printf(" %s %.1f", file.c_str(), mib);
    }
    std::printf("\n");
  }
  std::printf("\n");

  const std::string scale =
      std::to_string(starts) + " starts, " + std::to_string(idle_seconds) + " s idle";
  for (const char* service : crm::testing::Stack::kServices) {
    const std::string name = service;
    crm::bench::Report({.name = name + " cold start median",
                        .value = start_ms[service].p50,
                        .unit = "ms",
                        .better = crm::bench::Better::kLower,
                        .goal = crm::bench::Goal::Value(kStartGoalMs),
                        .scale = scale});
    crm::bench::Report({.name = name + " cold start max",
                        .value = start_ms[service].max,
                        .unit = "ms",
                        .better = crm::bench::Better::kLower,
                        .goal = crm::bench::Goal::Value(kStartGoalMs),
                        .scale = scale});
    crm::bench::Report({.name = name + " idle RSS",
                        .value = rss[service],
                        .unit = "MiB",
                        .better = crm::bench::Better::kLower,
                        .goal = crm::bench::Goal::Value(kIdleRssGoalMiB),
                        .scale = scale});
    crm::bench::Report({.name = name + " idle private memory",
                        .value = memory[service].private_mib,
                        .unit = "MiB",
                        .better = crm::bench::Better::kLower,
                        .goal = crm::bench::Goal::None(),
                        .scale = scale});
  }
  return 0;
}
