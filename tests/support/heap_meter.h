#pragma once

#include <cstddef>

// Counts the bytes the process holds through operator new, to show that a piece of work stays
// within a memory bound. Linking heap_meter.cpp into a test binary replaces the global operator
// new and delete of that binary (every thread counts).
namespace crm::testing {

// The peak of the bytes held through operator new since it was made, above what was held then.
class HeapPeak {
 public:
  HeapPeak();
  std::size_t extra_bytes() const;

 private:
  std::size_t start_;
};

}  // namespace crm::testing
