#include "common/ru/money.h"

#include <algorithm>
#include <stdexcept>

#include "common/ru/magnitude.h"

namespace crm::common::ru {
namespace {

// Products of an amount and a weight need more than 64 bits.
__extension__ typedef __int128 Wide;

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

std::string FixedDecimal(int64_t value, int scale) {
  // The magnitude as unsigned, so INT64_MIN does not overflow.
  uint64_t magnitude = value < 0 ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  uint64_t divisor = 1;
  for (int i = 0; i < scale; ++i) {
    divisor *= 10;
  }
  std::string fraction = std::to_string(magnitude % divisor);
  fraction.insert(0, static_cast<std::size_t>(scale) - fraction.size(), '0');
  std::string out = value < 0 ? "-" : "";
  out += std::to_string(magnitude / divisor);
  if (scale > 0) {
    out += '.';
    out += fraction;
  }
  return out;
}

std::string RoublesDecimal(int64_t kopecks) { return FixedDecimal(kopecks, 2); }

std::string MilliDecimal(int64_t milli) { return FixedDecimal(milli, 3); }

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

std::string FormatQuantity(int64_t quantity_milli) {
  const uint64_t magnitude = Magnitude(quantity_milli);
  std::string out = quantity_milli < 0 ? "-" : "";
  out += GroupDigits(magnitude / 1000);
  std::string fraction = std::to_string(magnitude % 1000 + 1000).substr(1);  // "050"
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.pop_back();
  }
  if (!fraction.empty()) {
    out += ',' + fraction;
  }
  return out;
}

int64_t QuantityAmountKopecks(int64_t quantity_milli, int64_t unit_price_kopecks) {
  int64_t product = 0;
  if (__builtin_mul_overflow(quantity_milli, unit_price_kopecks, &product)) {
    throw std::overflow_error("QuantityAmountKopecks: quantity * price overflows int64");
  }
  int64_t quotient = product / 1000;
  if (product % 1000 >= 500) {
    ++quotient;
  }
  return quotient;
}

std::vector<int64_t> AllocateProportionally(int64_t total, const std::vector<int64_t>& weights) {
  std::vector<int64_t> parts(weights.size(), 0);
  if (weights.empty()) {
    return parts;
  }
  Wide sum = 0;
  for (int64_t w : weights) {
    sum += w;
  }
  if (sum <= 0) {
    parts[0] = total;
    return parts;
  }
  std::vector<std::pair<Wide, std::size_t>> remainders;
  int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Wide share = static_cast<Wide>(total) * weights[i];
    parts[i] = static_cast<int64_t>(share / sum);
    given += parts[i];
    remainders.emplace_back(share % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given) {
    ++parts[remainders[k % remainders.size()].second];
  }
  return parts;
}

}  // namespace crm::common::ru
