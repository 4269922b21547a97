// 1C client-bank statement files (accounting's statement import): any bytes are either a
// statement or a StatementFormatError, never a crash, and what is read keeps its promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "services/accounting/domain/bank_statement.h"

namespace {

namespace domain = crm::accounting::domain;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const domain::BankStatement statement = domain::ParseBankStatement(bytes);
    for (const domain::StatementDocument& document : statement.documents) {
      // A payment's amount is a positive number of kopecks and it names one of our accounts.
      if (document.amount_kopecks <= 0 || document.date.size() != 10) {
        std::abort();
      }
    }
  } catch (const domain::StatementFormatError& e) {
    if (e.line() < 0) {
      std::abort();
    }
  }
  return 0;
}
