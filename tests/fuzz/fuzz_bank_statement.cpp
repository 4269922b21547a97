// 1C client-bank statement files (accounting's statement import): any bytes are either a
// statement or a StatementFormatError, never a crash, and what is read keeps its promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "services/accounting/domain/bank_statement.h"

using crm::accounting::domain::BankStatement;
using crm::accounting::domain::ParseBankStatement;
using crm::accounting::domain::StatementDocument;
using crm::accounting::domain::StatementFormatError;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const BankStatement statement =
        ParseBankStatement(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const StatementDocument& document : statement.documents) {
      // A payment's amount is a positive number of kopecks, its date ISO, and it moves money in
      // or out of one of the statement's accounts.
      const std::string& ours = document.incoming ? document.payee_account : document.payer_account;
      if (document.amount_kopecks <= 0 || document.date.size() != 10 ||
          std::find(statement.accounts.begin(), statement.accounts.end(), ours) ==
              statement.accounts.end()) {
        std::abort();
      }
    }
  } catch (const StatementFormatError& e) {
    if (e.line() < 0) {
      std::abort();
    }
  }
  return 0;
}
