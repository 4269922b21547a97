#pragma once

// Russian VAT (НДС): the dated standard rate and VAT computation on integer kopecks. Rates are in
// basis points (1% = 100 bp) to stay in integers.

#include <chrono>
#include <cstdint>

namespace crm::common::ru {

// One row of the standard rate table: `rate_bp` applies from `effective_from` (inclusive) until
// the next row's date.
struct VatRatePeriod {
  std::chrono::year_month_day effective_from;
  int32_t rate_bp;
};

// The standard VAT rate in basis points on `date`: 2000 (20%) before 2026-01-01, 2200 (22%)
// from then on. Throws std::invalid_argument if `date` is not a valid calendar date.
int32_t StandardVatRateBp(std::chrono::year_month_day date);

// VAT on a net amount: net * rate_bp / 10000 rounded half-up to a kopeck (half away from zero for
// negative amounts, so a credit note mirrors its invoice). Throws std::overflow_error on int64
// overflow.
int64_t VatOnNet(int64_t net_kopecks, int32_t rate_bp);

struct VatBreakdown {
  int64_t net;
  int32_t rate_bp;
  int64_t vat;
  int64_t total;  // net + vat
};

// Net, standard rate on `date`, VAT and total for an amount net of VAT. Throws like
// StandardVatRateBp and VatOnNet.
VatBreakdown ComputeVat(int64_t net_kopecks, std::chrono::year_month_day date);

}  // namespace crm::common::ru
