#pragma once

// Validation of Russian company requisites: ИНН, КПП, ОГРН/ОГРНИП, БИК and bank accounts.
// Each validator returns nullopt when the value is valid, otherwise a human-readable English
// message suitable for a field violation. Values must be bare digits: no spaces or dashes.

#include <optional>
#include <string>
#include <string_view>

namespace crm::common::ru {

// ИНН (taxpayer number): 10 digits with one control digit for a legal entity, 12 digits with two
// control digits for an individual or sole trader.
std::optional<std::string> ValidateInn(std::string_view inn);

enum class InnKind { kLegalEntity, kIndividual };

// The kind of a valid ИНН; nullopt when ValidateInn(inn) reports an error.
std::optional<InnKind> InnKindOf(std::string_view inn);

// КПП (tax registration reason code): 4 digits, 2 digits or uppercase Latin letters, 3 digits.
std::optional<std::string> ValidateKpp(std::string_view kpp);

// ОГРН (13 digits, legal entity) or ОГРНИП (15 digits, sole trader) with its control digit.
std::optional<std::string> ValidateOgrn(std::string_view ogrn);

// БИК (Russian bank identifier): 9 digits starting with "04".
std::optional<std::string> ValidateBik(std::string_view bik);

// Settlement account (расчётный счёт): 20 digits whose Bank of Russia control key matches the
// bank's БИК, which must itself be valid.
std::optional<std::string> ValidateSettlementAccount(std::string_view account,
                                                     std::string_view bik);

// Correspondent account (корреспондентский счёт): 20 digits whose control key matches the
// bank's БИК, which must itself be valid.
std::optional<std::string> ValidateCorrespondentAccount(std::string_view account,
                                                        std::string_view bik);

// What is wrong with one bank account's requisites, field by field (nullopt: right). An empty
// БИК or settlement account is "is required"; an empty correspondent account too when
// `correspondent_required`. A bad БИК is reported once, on the БИК: the accounts are then only
// checked for their shape (20 digits), not again against it.
struct BankAccountProblems {
  std::optional<std::string> bik;
  std::optional<std::string> settlement_account;
  std::optional<std::string> correspondent_account;
};
BankAccountProblems CheckBankAccount(std::string_view bik, std::string_view settlement_account,
                                     std::string_view correspondent_account,
                                     bool correspondent_required);

}  // namespace crm::common::ru
