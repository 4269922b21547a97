#include "common/ru/requisites.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace crm::common::ru {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view value) {
  for (char c : value) {
    if (!IsDigit(c)) {
      return false;
    }
  }
  return true;
}

int DigitAt(std::string_view value, size_t index) { return value[index] - '0'; }

// Σ digits[i] * weights[i] mod 11 mod 10: the ИНН control digit over the leading digits.
template <size_t N>
int InnControlDigit(std::string_view digits, const std::array<int, N>& weights) {
  int sum = 0;
  for (size_t i = 0; i < N; ++i) {
    sum += DigitAt(digits, i) * weights[i];
  }
  return sum % 11 % 10;
}

// The leading `count` digits as a number (at most 14 digits here, so it fits int64).
int64_t LeadingNumber(std::string_view digits, size_t count) {
  int64_t number = 0;
  for (size_t i = 0; i < count; ++i) {
    number = number * 10 + DigitAt(digits, i);
  }
  return number;
}

// Bank of Russia control key: weights 7,1,3 repeated over the 3-digit bank prefix followed by the
// 20-digit account; the weighted sum must be divisible by 10.
bool AccountKeyMatches(std::string_view prefix, std::string_view account) {
  constexpr std::array<int, 3> kWeights = {7, 1, 3};
  int sum = 0;
  size_t position = 0;
  for (std::string_view part : {prefix, account}) {
    for (char c : part) {
      sum += (c - '0') * kWeights[position % kWeights.size()];
      ++position;
    }
  }
  return sum % 10 == 0;
}

// Shared by both account kinds; `prefix` is derived from the already validated БИК.
std::optional<std::string> ValidateAccount(std::string_view account, std::string_view bik,
                                           std::string_view what, bool correspondent) {
  if (account.size() != 20 || !AllDigits(account)) {
    return std::string(what) + " must be exactly 20 digits";
  }
  if (std::optional<std::string> bik_error = ValidateBik(bik)) {
    return std::string(what) + " cannot be checked: " + *bik_error;
  }
  // Settlement accounts are keyed by the last 3 digits of the БИК (the bank's branch number);
  // correspondent accounts by "0" and the 5th-6th digits (the Bank of Russia division).
  const std::string prefix =
      correspondent ? "0" + std::string(bik.substr(4, 2)) : std::string(bik.substr(6, 3));
  if (!AccountKeyMatches(prefix, account)) {
    return std::string(what) + " control key does not match the BIK";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ValidateInn(std::string_view inn) {
  if ((inn.size() != 10 && inn.size() != 12) || !AllDigits(inn)) {
    return "INN must be 10 or 12 digits";
  }
  if (inn.size() == 10) {
    constexpr std::array<int, 9> kWeights = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (InnControlDigit(inn, kWeights) != DigitAt(inn, 9)) {
      return "INN checksum does not match";
    }
    return std::nullopt;
  }
  constexpr std::array<int, 10> kWeights11 = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  constexpr std::array<int, 11> kWeights12 = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  if (InnControlDigit(inn, kWeights11) != DigitAt(inn, 10) ||
      InnControlDigit(inn, kWeights12) != DigitAt(inn, 11)) {
    return "INN checksum does not match";
  }
  return std::nullopt;
}

std::optional<InnKind> InnKindOf(std::string_view inn) {
  if (ValidateInn(inn)) {
    return std::nullopt;
  }
  return inn.size() == 10 ? InnKind::kLegalEntity : InnKind::kIndividual;
}

std::optional<std::string> ValidateKpp(std::string_view kpp) {
  constexpr std::string_view kMessage =
      "KPP must be 9 characters: 4 digits, 2 digits or uppercase Latin letters, 3 digits";
  if (kpp.size() != 9) {
    return std::string(kMessage);
  }
  for (size_t i = 0; i < kpp.size(); ++i) {
    const char c = kpp[i];
    const bool reason_code = i == 4 || i == 5;
    if (!(IsDigit(c) || (reason_code && c >= 'A' && c <= 'Z'))) {
      return std::string(kMessage);
    }
  }
  return std::nullopt;
}

std::optional<std::string> ValidateOgrn(std::string_view ogrn) {
  if ((ogrn.size() != 13 && ogrn.size() != 15) || !AllDigits(ogrn)) {
    return "OGRN must be 13 digits (OGRNIP: 15 digits)";
  }
  // ОГРН divides by 11, ОГРНИП by 13; both keep the last digit of the remainder.
  const size_t body = ogrn.size() - 1;
  const int64_t divisor = ogrn.size() == 13 ? 11 : 13;
  if (LeadingNumber(ogrn, body) % divisor % 10 != DigitAt(ogrn, body)) {
    return ogrn.size() == 13 ? "OGRN checksum does not match" : "OGRNIP checksum does not match";
  }
  return std::nullopt;
}

std::optional<std::string> ValidateBik(std::string_view bik) {
  if (bik.size() != 9 || !AllDigits(bik)) {
    return "BIK must be exactly 9 digits";
  }
  if (bik.substr(0, 2) != "04") {
    return "BIK must start with 04 (the Russian Federation code)";
  }
  return std::nullopt;
}

std::optional<std::string> ValidateSettlementAccount(std::string_view account,
                                                     std::string_view bik) {
  return ValidateAccount(account, bik, "Settlement account", /*correspondent=*/false);
}

std::optional<std::string> ValidateCorrespondentAccount(std::string_view account,
                                                        std::string_view bik) {
  return ValidateAccount(account, bik, "Correspondent account", /*correspondent=*/true);
}

namespace {

template <class CheckAgainstBik>
std::optional<std::string> AccountProblem(std::string_view account, std::string_view bik,
                                          bool bik_valid, bool required, CheckAgainstBik check) {
  if (account.empty()) {
    return required ? std::optional<std::string>("is required") : std::nullopt;
  }
  if (bik_valid) {
    return check(account, bik);
  }
  if (account.size() != 20 || !AllDigits(account)) {
    return "must be 20 digits";
  }
  return std::nullopt;
}

}  // namespace

BankAccountProblems CheckBankAccount(std::string_view bik, std::string_view settlement_account,
                                     std::string_view correspondent_account,
                                     bool correspondent_required) {
  BankAccountProblems problems;
  if (bik.empty()) {
    problems.bik = "is required";
  } else {
    problems.bik = ValidateBik(bik);
  }
  const bool bik_valid = !problems.bik.has_value();
  problems.settlement_account =
      AccountProblem(settlement_account, bik, bik_valid, true, ValidateSettlementAccount);
  problems.correspondent_account = AccountProblem(
      correspondent_account, bik, bik_valid, correspondent_required, ValidateCorrespondentAccount);
  return problems;
}

}  // namespace crm::common::ru
