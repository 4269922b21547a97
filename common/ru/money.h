#pragma once

// Money and area helpers. Money is always an int64 number of kopecks (1 RUB = 100 kopecks) and
// area an int64 number of square decimetres (1 m² = 100 dm²), so no floating point is involved.

#include <cstdint>
#include <string>
#include <vector>

namespace crm::common::ru {

// Separator between digit groups in formatted numbers: U+00A0 NO-BREAK SPACE (UTF-8 "\xC2\xA0"),
// so that an amount never wraps across lines in a document.
inline constexpr char kGroupSeparator[] = "\xC2\xA0";

// The price of `area_dm2` square decimetres at `price_per_m2_kopecks` per square metre:
// area_dm2 * price / 100, rounded half-up to a kopeck (half away from zero for negative
// products). Throws std::overflow_error when the product does not fit in int64.
int64_t AreaAmountKopecks(int64_t area_dm2, int64_t price_per_m2_kopecks);

// A quantity in thousandths of a unit, like FormatAreaM2: 1500 -> "1,5", 2000 -> "2",
// 12345 -> "12,345".
std::string FormatQuantity(int64_t quantity_milli);

// The amount of a service line: `quantity_milli` thousandths of a unit at `unit_price_kopecks`
// per unit, rounded half-up to a kopeck (non-negative operands). Throws std::overflow_error.
int64_t QuantityAmountKopecks(int64_t quantity_milli, int64_t unit_price_kopecks);

// Splits `total` (>= 0) over parts in proportion to `weights` (each >= 0) so that the parts sum
// to exactly `total`: each part is rounded down, then the kopecks left over go one each to the
// parts with the largest remainders (ties to the earlier part). With all weights zero the whole
// total goes to the first part. Used to spread a discount or VAT over a document's lines.
std::vector<int64_t> AllocateProportionally(int64_t total, const std::vector<int64_t>& weights);

// A fixed-point value as a plain decimal with `scale` decimals, a dot and no grouping:
// FixedDecimal(12345, 2) == "123.45", FixedDecimal(-5, 3) == "-0.005" (exact for every int64).
std::string FixedDecimal(int64_t value, int scale);

// Kopecks as a decimal string in roubles with two decimals and a dot, no grouping: 12200000 ->
// "122000.00", -5 -> "-0.05" (what 1C's Число() and the tax service's XML formats take).
std::string RoublesDecimal(int64_t kopecks);

// Thousandths as a decimal string with three decimals: 12500 -> "12.500".
std::string MilliDecimal(int64_t milli);

// Russian formatting of an amount in roubles: 12200000 -> "122 000,00", where the group
// separator is kGroupSeparator (U+00A0). Negative amounts get a leading '-'.
std::string FormatRubles(int64_t kopecks);

// Russian formatting of an area in square metres with a decimal comma and no trailing zeros:
// 1250 -> "12,5", 1200 -> "12", 1225 -> "12,25". Thousands are grouped like FormatRubles.
std::string FormatAreaM2(int64_t area_dm2);

}  // namespace crm::common::ru
