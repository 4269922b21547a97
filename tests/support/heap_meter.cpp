#include "tests/support/heap_meter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace crm::testing {
namespace {

std::atomic<std::size_t> live{0};
std::atomic<std::size_t> peak{0};

void* Allocate(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  const std::size_t now = live.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  std::size_t seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  return p;
}

void Release(void* p) {
  if (p != nullptr) {
    live.fetch_sub(malloc_usable_size(p));
    std::free(p);
  }
}

}  // namespace

HeapPeak::HeapPeak() : start_(live.load()) { peak.store(start_); }

std::size_t HeapPeak::extra_bytes() const {
  const std::size_t top = peak.load();
  return top > start_ ? top - start_ : 0;
}

}  // namespace crm::testing

void* operator new(std::size_t size) { return crm::testing::Allocate(size); }
void* operator new[](std::size_t size) { return crm::testing::Allocate(size); }
void operator delete(void* p) noexcept { crm::testing::Release(p); }
void operator delete[](void* p) noexcept { crm::testing::Release(p); }
void operator delete(void* p, std::size_t) noexcept { crm::testing::Release(p); }
void operator delete[](void* p, std::size_t) noexcept { crm::testing::Release(p); }
