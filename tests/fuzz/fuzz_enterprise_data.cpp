// 1C EnterpriseData exchange messages (accounting's incoming payments from 1C), XML or zipped:
// any bytes are either a message or an ExchangeMessageError, and a message's payments become a
// statement as the bank statement import takes them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "services/accounting/domain/enterprise_data.h"

namespace {

namespace domain = crm::accounting::domain;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const domain::InboundMessage message = domain::ParseMessage(bytes, "CRM", "BP");
    if (message.header.message_no <= 0 || message.header.received_no < 0) {
      std::abort();
    }
    const domain::BankStatement statement = domain::StatementOf(message);
    if (statement.documents.size() != message.payments.size()) {
      std::abort();
    }
  } catch (const domain::ExchangeMessageError&) {
  }
  return 0;
}
