#pragma once

#include <string>

#include "crm/registry/v1/registry.pb.h"

// A client's bank accounts as the registry keeps them in text (the column `bank_accounts`,
// migrations/0066, and what a merge adds to its survivor): a JSON array of objects {"bik",
// "account", "correspondent_account", "bank_name"}, the main account first.
namespace crm::registry {

using BankAccounts = google::protobuf::RepeatedPtrField<v1::BankAccount>;

// How many bank accounts a client may list.
inline constexpr int kMaxBankAccounts = 10;

std::string BankAccountsJson(const BankAccounts& accounts);
// Appends the accounts `json` lists to `out`; throws nlohmann::json::exception when `json` is
// not such an array.
void AppendBankAccounts(const std::string& json, BankAccounts* out);

}  // namespace crm::registry
