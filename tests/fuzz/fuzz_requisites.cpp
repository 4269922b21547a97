// Russian company requisites (common/ru/requisites): ИНН, КПП, ОГРН/ОГРНИП, БИК and accounts,
// checked wherever a client or a statement carries them. Any text is valid or gets a message;
// what is valid is the digits the format asks for.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/ru/requisites.h"

namespace {

namespace ru = crm::common::ru;

bool AllDigits(const std::string& text) {
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string first = input.ConsumeRandomLengthString(64);
  const std::string second = input.ConsumeRemainingBytesAsString();

  const bool inn_valid = !ru::ValidateInn(first).has_value();
  if (inn_valid != ru::InnKindOf(first).has_value() ||
      (inn_valid && (!AllDigits(first) || (first.size() != 10 && first.size() != 12)))) {
    std::abort();
  }
  if (!ru::ValidateKpp(first) && first.size() != 9) {
    std::abort();
  }
  if (!ru::ValidateOgrn(first) &&
      (!AllDigits(first) || (first.size() != 13 && first.size() != 15))) {
    std::abort();
  }
  if (!ru::ValidateBik(first) && (!AllDigits(first) || first.size() != 9)) {
    std::abort();
  }
  const bool settlement = !ru::ValidateSettlementAccount(first, second);
  const bool correspondent = !ru::ValidateCorrespondentAccount(first, second);
  if ((settlement || correspondent) &&
      (!AllDigits(first) || first.size() != 20 || ru::ValidateBik(second))) {
    std::abort();
  }
  return 0;
}
