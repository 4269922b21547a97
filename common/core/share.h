#pragma once

#include <cstdint>

namespace crm::common {

// `part` of `whole` in basis points (1/100 of a percent), rounded half up; 0 when `whole` is not
// positive. The one rule for every rate a report shows as a percentage (effectiveness,
// conversion, retention), so the same contacts give the same figure in planning's statistics and
// in analytics' reports. Plan attainment is not a share of this kind: it is truncated, so 100%
// means the plan was reached (analytics/domain/plans.h).
constexpr int32_t ShareBp(int64_t part, int64_t whole) {
  if (whole <= 0) {
    return 0;
  }
  return static_cast<int32_t>((part * 10'000 * 2 + whole) / (whole * 2));
}

}  // namespace crm::common
