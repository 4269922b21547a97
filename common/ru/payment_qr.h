#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// The payment QR code of ГОСТ Р 56042-2014 ("Стандарты финансовых операций. Двумерные
// символы штрихового кода для осуществления платежей физическими лицами"), which Russian bank
// apps scan to fill a payment order: "ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|
// CorrespAcc=…|Sum=…|Purpose=…|PayeeINN=…|KPP=…".
namespace crm::common::ru {

// What a payer's bank needs to pay us. The five payee fields are mandatory in the standard.
struct PaymentRequisites {
  std::string payee_name;             // Name, at most 160 characters
  std::string payee_account;          // PersonalAcc: расчётный счёт, 20 digits
  std::string bank_name;              // BankName, at most 45 characters
  std::string bik;                    // BIC, 9 digits
  std::string correspondent_account;  // CorrespAcc, 20 digits
  std::string payee_inn;              // PayeeINN, 10 or 12 digits; omitted when empty
  std::string payee_kpp;              // KPP, 9 characters; omitted when empty
  int64_t sum_kopecks = 0;            // Sum in kopecks; omitted when 0 (the payer types it)
  std::string purpose;                // Purpose, at most 210 characters; omitted when empty
};

// The standard's upper bounds on the text fields, in characters.
inline constexpr std::size_t kQrNameMax = 160;
inline constexpr std::size_t kQrBankNameMax = 45;
inline constexpr std::size_t kQrPurposeMax = 210;

// The payload in UTF-8 (the header's encoding digit 2), fields in the standard's order, the
// mandatory ones first. Values are made safe for the format: the separator '|', control
// characters and no-break spaces become plain spaces, runs of spaces one space, and text longer
// than its field's bound is cut at a character boundary. Throws std::invalid_argument naming
// the field when a mandatory field is empty or the sum is negative.
std::string PaymentQrPayload(const PaymentRequisites& requisites);

}  // namespace crm::common::ru
