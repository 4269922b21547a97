#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// The figures every benchmark prints: elapsed seconds and the percentiles of a set of timings.
namespace crm::bench {

using SteadyClock = std::chrono::steady_clock;

inline double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

struct Percentiles {
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
};

// The nearest-rank percentiles of `values` (non-empty).
inline Percentiles PercentilesOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    return values[std::min(values.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(values.size())))];
  };
  return {at(0.50), at(0.95), at(0.99), values.back()};
}

// The process's peak resident set size in MiB.
inline long MaxRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// The resident set size of process `pid` in MiB (VmRSS of /proc/<pid>/status); -1 when it is
// gone.
inline double RssMiBOf(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(1 << 16, '\n');
  }
  return -1;
}

// What the resident pages of process `pid` are, from /proc/<pid>/smaps_rollup, in MiB: its own
// (private: heap, stacks, relocated data) and the clean pages it shares with every process that
// maps the same libraries, which VmRSS counts in full and PSS divides among the sharers. All -1
// when the process is gone.
struct MemoryBreakdown {
  double rss = -1;
  double pss = -1;
  double private_mib = -1;
  double shared_clean = -1;
};

inline MemoryBreakdown MemoryOf(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  MemoryBreakdown memory;
  double private_clean = 0;
  double private_dirty = 0;
  std::string key;
  while (rollup >> key) {
    double kib = 0;
    if (key == "Rss:" || key == "Pss:" || key == "Shared_Clean:" || key == "Private_Clean:" ||
        key == "Private_Dirty:") {
      rollup >> kib;
    }
    const double mib = kib / 1024.0;
    if (key == "Rss:") {
      memory.rss = mib;
    } else if (key == "Pss:") {
      memory.pss = mib;
    } else if (key == "Shared_Clean:") {
      memory.shared_clean = mib;
    } else if (key == "Private_Clean:") {
      private_clean = mib;
    } else if (key == "Private_Dirty:") {
      private_dirty = mib;
    }
    rollup.ignore(1 << 16, '\n');
  }
  if (memory.rss >= 0) {
    memory.private_mib = private_clean + private_dirty;
  }
  return memory;
}

// The `most` files whose pages are the largest part of process `pid`'s resident set, with their
// resident MiB, largest first ("[anonymous]" for the unnamed mappings: heap arenas, stacks).
inline std::vector<std::pair<std::string, double>> LargestMappingsOf(pid_t pid, std::size_t most) {
  std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
  std::map<std::string, double> by_file;
  std::string line;
  std::string file;
  while (std::getline(smaps, line)) {
    if (line.rfind("Rss:", 0) == 0) {
      by_file[file.empty() ? "[anonymous]" : file] += std::stod(line.substr(4)) / 1024.0;
      continue;
    }
    // A mapping's header: "start-end perms offset dev inode [path]"; the other lines are
    // "Key:   value".
    const auto first_space = line.find(' ');
    if (first_space == std::string::npos || line.find(':') < first_space) {
      continue;
    }
    std::istringstream header(line);
    std::string range, perms, offset, device, inode;
    header >> range >> perms >> offset >> device >> inode;
    file.clear();
    std::getline(header >> std::ws, file);
    const auto slash = file.rfind('/');
    if (slash != std::string::npos) {
      file = file.substr(slash + 1);
    }
  }
  std::vector<std::pair<std::string, double>> largest(by_file.begin(), by_file.end());
  std::sort(largest.begin(), largest.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  if (largest.size() > most) {
    largest.resize(most);
  }
  return largest;
}

}  // namespace crm::bench
