// Amounts as text: people's spreadsheet amounts and areas (common::ParseHundredths) read back
// what the services write (RoublesDecimal), and every kopeck amount, however large or negative,
// formats (roubles, decimals, words) and computes (VAT, area and quantity prices) without
// undefined behaviour.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/core/text.h"
#include "common/ru/amount_in_words.h"
#include "common/ru/money.h"
#include "common/ru/vat.h"

namespace {

namespace ru = crm::common::ru;

void FormatEverywhere(int64_t value) {
  ru::FormatRubles(value);
  ru::FormatAreaM2(value);
  ru::FormatQuantity(value);
  ru::MilliDecimal(value);
  ru::AmountInWords(value);
  ru::NumberInWords(value, ru::Gender::kFeminine);
  const std::string decimal = ru::RoublesDecimal(value);
  // ParseHundredths takes up to 13 digits of roubles.
  constexpr int64_t kLargestTyped = 999'999'999'999'999;
  if (value >= 0 && value <= kLargestTyped && crm::common::ParseHundredths(decimal) != value) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const int64_t a = input.ConsumeIntegral<int64_t>();
  const int64_t b = input.ConsumeIntegral<int64_t>();
  const int32_t rate_bp = input.ConsumeIntegralInRange<int32_t>(0, 10'000);
  const std::string text = input.ConsumeRemainingBytesAsString();

  const std::optional<int64_t> parsed = crm::common::ParseHundredths(text);
  if (parsed) {
    if (*parsed < 0) {
      std::abort();
    }
    FormatEverywhere(*parsed);
  }
  FormatEverywhere(a);
  try {
    ru::VatOnNet(a, rate_bp);
  } catch (const std::overflow_error&) {
  }
  try {
    ru::AreaAmountKopecks(a, b);
  } catch (const std::overflow_error&) {
  }
  if (a >= 0 && b >= 0) {
    try {
      ru::QuantityAmountKopecks(a, b);
    } catch (const std::overflow_error&) {
    }
    // A document's lines: up to ten billion roubles each.
    constexpr int64_t kLargest = 1'000'000'000'000;
    const std::vector<int64_t> weights = {b % kLargest, a % 1000, (b / 3) % kLargest};
    int64_t sum = 0;
    for (int64_t part : ru::AllocateProportionally(a % kLargest, weights)) {
      if (part < 0) {
        std::abort();
      }
      sum += part;
    }
    if (sum != a % kLargest) {
      std::abort();
    }
  }
  return 0;
}
