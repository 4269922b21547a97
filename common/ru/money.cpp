#include "common/ru/money.h"

#include <stdexcept>

namespace crm::common::ru {
namespace {

// |value| as unsigned, well defined for INT64_MIN too.
uint64_t Magnitude(int64_t value) {
  return value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

// Decimal digits of `value` with kGroupSeparator between groups of three.
std::string GroupDigits(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() * 2);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += kGroupSeparator;
    }
    out += digits[i];
  }
  return out;
}

}  // namespace

int64_t AreaAmountKopecks(int64_t area_dm2, int64_t price_per_m2_kopecks) {
  int64_t product = 0;
  if (__builtin_mul_overflow(area_dm2, price_per_m2_kopecks, &product)) {
    throw std::overflow_error("AreaAmountKopecks: area * price overflows int64");
  }
  // Truncating division, then push a half or more away from zero; |quotient| < |product|, so
  // the adjustment cannot overflow.
  int64_t quotient = product / 100;
  const int64_t remainder = product % 100;
  if (remainder >= 50) {
    ++quotient;
  } else if (remainder <= -50) {
    --quotient;
  }
  return quotient;
}

std::string FormatRubles(int64_t kopecks) {
  const uint64_t magnitude = Magnitude(kopecks);
  const uint64_t fraction = magnitude % 100;
  std::string out = kopecks < 0 ? "-" : "";
  out += GroupDigits(magnitude / 100);
  out += ',';
  out += static_cast<char>('0' + fraction / 10);
  out += static_cast<char>('0' + fraction % 10);
  return out;
}

std::string FormatAreaM2(int64_t area_dm2) {
  const uint64_t magnitude = Magnitude(area_dm2);
  const uint64_t fraction = magnitude % 100;
  std::string out = area_dm2 < 0 ? "-" : "";
  out += GroupDigits(magnitude / 100);
  if (fraction != 0) {
    out += ',';
    out += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) {
      out += static_cast<char>('0' + fraction % 10);
    }
  }
  return out;
}

}  // namespace crm::common::ru
