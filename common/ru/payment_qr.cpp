#include "common/ru/payment_qr.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crm::common::ru {
namespace {

// "ST" (the standard's format mark), "0001" (its version), "2" (UTF-8).
constexpr std::string_view kHeader = "ST00012";
constexpr char kSeparator = '|';

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

// One line of plain text: the separator, control characters (C0 and C1) and no-break spaces
// become spaces, runs of spaces one, no space at either end; at most `max_chars` UTF-8
// characters.
std::string Clean(std::string_view value, std::size_t max_chars) {
  std::string out;
  out.reserve(value.size());
  std::size_t chars = 0;
  bool pending_space = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    // U+0080..U+00A0 (C1 controls and the no-break space) are 0xC2 followed by 0x80..0xA0.
    const bool c1_or_nbsp =
        c == 0xC2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) <= 0xA0;
    if (c == ' ' || c == kSeparator || c < 0x20 || c == 0x7F || c1_or_nbsp) {
      if (c1_or_nbsp) {
        ++i;
      }
      pending_space = !out.empty();
      continue;
    }
    if (!IsContinuationByte(value[i])) {
      if (chars + (pending_space ? 1 : 0) >= max_chars) {
        break;
      }
      if (pending_space) {
        out += ' ';
        ++chars;
        pending_space = false;
      }
      ++chars;
    }
    out += value[i];
  }
  return out;
}

void Append(std::string& payload, std::string_view key, const std::string& value) {
  payload += kSeparator;
  payload.append(key).append("=").append(value);
}

std::string Required(std::string_view field, std::string_view value, std::size_t max_chars) {
  std::string clean = Clean(value, max_chars);
  if (clean.empty()) {
    throw std::invalid_argument("payment QR code: " + std::string(field) + " is required");
  }
  return clean;
}

}  // namespace

std::string PaymentQrPayload(const PaymentRequisites& requisites) {
  if (requisites.sum_kopecks < 0) {
    throw std::invalid_argument("payment QR code: Sum must not be negative");
  }
  // Account numbers and codes have fixed lengths in the standard; their bounds here only keep a
  // corrupted value from swallowing the payload (the issuer's requisites are validated on entry).
  constexpr std::size_t kCodeMax = 20;
  std::string payload(kHeader);
  Append(payload, "Name", Required("Name", requisites.payee_name, kQrNameMax));
  Append(payload, "PersonalAcc", Required("PersonalAcc", requisites.payee_account, kCodeMax));
  Append(payload, "BankName", Required("BankName", requisites.bank_name, kQrBankNameMax));
  Append(payload, "BIC", Required("BIC", requisites.bik, kCodeMax));
  Append(payload, "CorrespAcc", Required("CorrespAcc", requisites.correspondent_account, kCodeMax));
  if (requisites.sum_kopecks > 0) {
    Append(payload, "Sum", std::to_string(requisites.sum_kopecks));
  }
  const std::string purpose = Clean(requisites.purpose, kQrPurposeMax);
  if (!purpose.empty()) {
    Append(payload, "Purpose", purpose);
  }
  const std::string inn = Clean(requisites.payee_inn, kCodeMax);
  if (!inn.empty()) {
    Append(payload, "PayeeINN", inn);
  }
  const std::string kpp = Clean(requisites.payee_kpp, kCodeMax);
  if (!kpp.empty()) {
    Append(payload, "KPP", kpp);
  }
  return payload;
}

}  // namespace crm::common::ru
