#pragma once

// Money and area helpers. Money is always an int64 number of kopecks (1 RUB = 100 kopecks) and
// area an int64 number of square decimetres (1 m² = 100 dm²), so no floating point is involved.

#include <cstdint>
#include <string>

namespace crm::common::ru {

// Separator between digit groups in formatted numbers: U+00A0 NO-BREAK SPACE (UTF-8 "\xC2\xA0"),
// so that an amount never wraps across lines in a document.
inline constexpr char kGroupSeparator[] = "\xC2\xA0";

// The price of `area_dm2` square decimetres at `price_per_m2_kopecks` per square metre:
// area_dm2 * price / 100, rounded half-up to a kopeck (half away from zero for negative
// products). Throws std::overflow_error when the product does not fit in int64.
int64_t AreaAmountKopecks(int64_t area_dm2, int64_t price_per_m2_kopecks);

// Russian formatting of an amount in roubles: 12200000 -> "122 000,00", where the group
// separator is kGroupSeparator (U+00A0). Negative amounts get a leading '-'.
std::string FormatRubles(int64_t kopecks);

// Russian formatting of an area in square metres with a decimal comma and no trailing zeros:
// 1250 -> "12,5", 1200 -> "12", 1225 -> "12,25". Thousands are grouped like FormatRubles.
std::string FormatAreaM2(int64_t area_dm2);

}  // namespace crm::common::ru
