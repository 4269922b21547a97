#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>

// The amounts of a sale of stand space: integer kopecks and dm², never floating point.
namespace crm::planning::domain {

// Upper bound of one sale's area: 10 000 m², the floor of a whole large exhibition hall. A
// bigger number is a unit mistake (m² typed as cm², an extra zero) rather than a stand, and the
// bound keeps area * price far inside int64 for any realistic price.
inline constexpr int64_t kMaxSaleAreaDm2 = 1'000'000;

struct SaleAmounts {
  int64_t area_dm2 = 0;
  int64_t price_per_m2 = 0;  // kopecks per m², from the edition
  int64_t net = 0;           // kopecks
  int32_t vat_rate_bp = 0;   // 2200 is 22%
  int64_t vat = 0;
  int64_t total = 0;  // net + vat
};

// net = area * price rounded half-up to a kopeck; the standard VAT rate of `sale_date`; VAT and
// total. Throws common::ValidationError on "result.sale.area_dm2" when the amount does not fit
// in int64 (only with an absurd price), std::invalid_argument on an invalid date.
SaleAmounts ComputeSaleAmounts(int64_t area_dm2, int64_t price_per_m2_kopecks,
                               std::chrono::year_month_day sale_date);

// The calendar date of `t` in the process's time zone (TZ, set from CRM_TIME_ZONE by
// ServiceMain): VAT follows the date of the sale where the company is, not in UTC.
std::chrono::year_month_day LocalDate(const google::protobuf::Timestamp& t);

}  // namespace crm::planning::domain
