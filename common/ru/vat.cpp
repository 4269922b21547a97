#include "common/ru/vat.h"

#include <array>
#include <stdexcept>

namespace crm::common::ru {
namespace {

using std::chrono::January;
using std::chrono::year;
using std::chrono::year_month_day;

// Sorted by date. The first row covers all earlier dates: the CRM holds no invoices from before
// 2019, when the rate was 18%. A future change of rate is one more row.
constexpr std::array kStandardVatRates = {
    VatRatePeriod{year_month_day{year{2019}, January, std::chrono::day{1}}, 2000},
    VatRatePeriod{year_month_day{year{2026}, January, std::chrono::day{1}}, 2200},
};

}  // namespace

int32_t StandardVatRateBp(year_month_day date) {
  if (!date.ok()) {
    throw std::invalid_argument("StandardVatRateBp: invalid date");
  }
  int32_t rate = kStandardVatRates.front().rate_bp;
  for (const VatRatePeriod& period : kStandardVatRates) {
    if (period.effective_from <= date) {
      rate = period.rate_bp;
    }
  }
  return rate;
}

int64_t VatOnNet(int64_t net_kopecks, int32_t rate_bp) {
  int64_t product = 0;
  if (__builtin_mul_overflow(net_kopecks, static_cast<int64_t>(rate_bp), &product)) {
    throw std::overflow_error("VatOnNet: net * rate overflows int64");
  }
  // |quotient| < |product|, so the rounding step cannot overflow.
  int64_t quotient = product / 10000;
  const int64_t remainder = product % 10000;
  if (remainder >= 5000) {
    ++quotient;
  } else if (remainder <= -5000) {
    --quotient;
  }
  return quotient;
}

VatBreakdown ComputeVat(int64_t net_kopecks, year_month_day date) {
  VatBreakdown breakdown{};
  breakdown.net = net_kopecks;
  breakdown.rate_bp = StandardVatRateBp(date);
  breakdown.vat = VatOnNet(net_kopecks, breakdown.rate_bp);
  if (__builtin_add_overflow(breakdown.net, breakdown.vat, &breakdown.total)) {
    throw std::overflow_error("ComputeVat: net + VAT overflows int64");
  }
  return breakdown;
}

}  // namespace crm::common::ru
