#pragma once

#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"

// What merging clients does to the survivor's own fields, free of I/O: a field the survivor
// lacks is filled from the first merged client that has it, and the merged clients' bank accounts
// it does not list are added to its list; undoing the merge empties the filled fields and removes
// the added accounts again unless someone changed them since.
namespace crm::registry {

struct FilledField {
  // A Client field name: "phone", "email", "legal_address", "ogrn", or "bank_accounts" for the
  // accounts added to the survivor's list (`value` lists them as BankAccountsJson does).
  std::string field;
  std::string value;
};

// Fields of `survivor` that are empty and that a merged client has, in `merged` order. The OGRN
// is taken only from a client with the survivor's INN (it identifies the same company). Then the
// merged clients' bank accounts whose numbers the survivor does not list, in `merged` order, as
// many as fit in a client's list (kMaxBankAccounts).
std::vector<FilledField> PlanMergeFill(const v1::Client& survivor,
                                       const std::vector<v1::Client>& merged);
// `survivor` with the filled fields set.
v1::Client ApplyMergeFill(v1::Client survivor, const std::vector<FilledField>& filled);
// `current` with each filled field emptied again where it still holds the filled value.
v1::Client UndoMergeFill(v1::Client current, const std::vector<FilledField>& filled);

}  // namespace crm::registry
