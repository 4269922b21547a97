#include "services/registry/domain/bank_accounts.h"

#include <nlohmann/json.hpp>

namespace crm::registry {

std::string BankAccountsJson(const BankAccounts& accounts) {
  nlohmann::json list = nlohmann::json::array();
  for (const v1::BankAccount& account : accounts) {
    list.push_back({{"bik", account.bik()},
                    {"account", account.account()},
                    {"correspondent_account", account.correspondent_account()},
                    {"bank_name", account.bank_name()}});
  }
  return list.dump();
}

void AppendBankAccounts(const std::string& json, BankAccounts* out) {
  for (const nlohmann::json& item : nlohmann::json::parse(json)) {
    v1::BankAccount* account = out->Add();
    account->set_bik(item.value("bik", ""));
    account->set_account(item.value("account", ""));
    account->set_correspondent_account(item.value("correspondent_account", ""));
    account->set_bank_name(item.value("bank_name", ""));
  }
}

}  // namespace crm::registry
