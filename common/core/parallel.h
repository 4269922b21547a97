#pragma once

#include <cstddef>
#include <functional>

// CPU-bound work split over a few threads for the length of one call: the pieces of a job that
// need no I/O and nothing of each other (the PDFs of a sale's package), the calling thread among
// the workers. Threads started by a thread inherit its CPU priority (its nice value on Linux).
namespace crm::common {

// Calls work(0) ... work(count - 1), on up to `threads` threads at once (the caller's included;
// 1 or less runs them in turn on the caller's), and returns when every call has ended. When one
// throws, the calls not started yet are left out and the first exception is thrown again.
void RunInParallel(std::size_t count, int threads, const std::function<void(std::size_t)>& work);

}  // namespace crm::common
