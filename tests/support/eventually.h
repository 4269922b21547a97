#pragma once

#include <chrono>
#include <thread>

namespace crm::testing {

// Polls `pred` until it returns true or `timeout` passes; returns the last result. Tests use
// this instead of fixed sleeps so they are both fast and tolerant of a slow machine.
template <class Pred>
bool Eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                std::chrono::milliseconds step = std::chrono::milliseconds(25)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (pred()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(step);
  }
}

}  // namespace crm::testing
