#include "services/registry/domain/merge_rules.h"

#include <algorithm>
#include <set>

#include "services/registry/domain/bank_accounts.h"

namespace crm::registry {
namespace {

// The filled field that adds the merged clients' bank accounts to the survivor's list; its value
// is the added accounts (BankAccountsJson).
constexpr const char* kBankAccounts = "bank_accounts";

// The merged clients' bank accounts the survivor lacks (an account number it does not list), in
// `merged` order, as many as its list has room for.
BankAccounts MissingBankAccounts(const v1::Client& survivor,
                                 const std::vector<v1::Client>& merged) {
  std::set<std::string> listed;
  for (const v1::BankAccount& account : survivor.bank_accounts()) {
    listed.insert(account.account());
  }
  BankAccounts missing;
  for (const v1::Client& other : merged) {
    for (const v1::BankAccount& account : other.bank_accounts()) {
      if (survivor.bank_accounts_size() + missing.size() >= kMaxBankAccounts) {
        return missing;
      }
      if (listed.insert(account.account()).second) {
        *missing.Add() = account;
      }
    }
  }
  return missing;
}

bool SameAccount(const v1::BankAccount& a, const v1::BankAccount& b) {
  return a.bik() == b.bik() && a.account() == b.account() &&
         a.correspondent_account() == b.correspondent_account() && a.bank_name() == b.bank_name();
}

// The fillable fields and how to reach them.
struct Fillable {
  const char* field;
  const std::string& (*get)(const v1::Client&);
  void (*set)(v1::Client&, const std::string&);
  bool same_inn_only;
};

const std::vector<Fillable>& Fillables() {
  static const std::vector<Fillable> kFillables = {
      {"legal_address", [](const v1::Client& c) -> const std::string& { return c.legal_address(); },
       [](v1::Client& c, const std::string& v) { c.set_legal_address(v); }, false},
      {"phone", [](const v1::Client& c) -> const std::string& { return c.phone(); },
       [](v1::Client& c, const std::string& v) { c.set_phone(v); }, false},
      {"email", [](const v1::Client& c) -> const std::string& { return c.email(); },
       [](v1::Client& c, const std::string& v) { c.set_email(v); }, false},
      {"ogrn", [](const v1::Client& c) -> const std::string& { return c.ogrn(); },
       [](v1::Client& c, const std::string& v) { c.set_ogrn(v); }, true},
  };
  return kFillables;
}

const Fillable* FindFillable(const std::string& field) {
  for (const Fillable& fillable : Fillables()) {
    if (field == fillable.field) {
      return &fillable;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<FilledField> PlanMergeFill(const v1::Client& survivor,
                                       const std::vector<v1::Client>& merged) {
  std::vector<FilledField> filled;
  for (const Fillable& fillable : Fillables()) {
    if (!fillable.get(survivor).empty()) {
      continue;
    }
    for (const v1::Client& other : merged) {
      const std::string& value = fillable.get(other);
      if (!value.empty() && (!fillable.same_inn_only || other.inn() == survivor.inn())) {
        filled.push_back({fillable.field, value});
        break;
      }
    }
  }
  if (BankAccounts missing = MissingBankAccounts(survivor, merged); !missing.empty()) {
    filled.push_back({kBankAccounts, BankAccountsJson(missing)});
  }
  return filled;
}

v1::Client ApplyMergeFill(v1::Client survivor, const std::vector<FilledField>& filled) {
  for (const FilledField& field : filled) {
    if (field.field == kBankAccounts) {
      AppendBankAccounts(field.value, survivor.mutable_bank_accounts());
    } else if (const Fillable* fillable = FindFillable(field.field)) {
      fillable->set(survivor, field.value);
    }
  }
  return survivor;
}

v1::Client UndoMergeFill(v1::Client current, const std::vector<FilledField>& filled) {
  for (const FilledField& field : filled) {
    if (field.field == kBankAccounts) {
      // The added accounts still listed as they were added go; an account edited since stays.
      BankAccounts added;
      AppendBankAccounts(field.value, &added);
      BankAccounts* accounts = current.mutable_bank_accounts();
      accounts->erase(std::remove_if(accounts->begin(), accounts->end(),
                                     [&added](const v1::BankAccount& account) {
                                       return std::any_of(added.begin(), added.end(),
                                                          [&account](const v1::BankAccount& was) {
                                                            return SameAccount(account, was);
                                                          });
                                     }),
                      accounts->end());
      continue;
    }
    const Fillable* fillable = FindFillable(field.field);
    if (fillable != nullptr && fillable->get(current) == field.value) {
      fillable->set(current, std::string());
    }
  }
  return current;
}

}  // namespace crm::registry
