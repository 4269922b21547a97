#pragma once

#include <cstdint>

namespace crm::common::ru {

// |value| as unsigned, well defined for INT64_MIN too.
constexpr uint64_t Magnitude(int64_t value) {
  return value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

}  // namespace crm::common::ru
