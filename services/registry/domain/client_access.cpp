#include "services/registry/domain/client_access.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "common/core/errors.h"

namespace crm::registry {
namespace {

using common::auth::Principal;
using common::auth::Role;

bool IsSalesStaff(const Principal& caller) {
  return caller.Has(Role::kSalesManager) || caller.Has(Role::kSalesHead);
}

// The shared rule: a manager edits the clients they curate now (in any project); heads of sales,
// analysts and admins any client. Creating a client makes nobody its curator: a client nobody
// curates is edited by analysts and heads of sales until a curator is assigned.
bool MayEdit(const Principal& caller, const ClientResponsibility& responsibility) {
  return common::auth::MayAccess(common::auth::ActorOf(caller), common::auth::Records::kClients,
                                 common::auth::Action::kWrite,
                                 {"", "", responsibility.curator_ids});
}

}  // namespace

bool KeepsClientBase(const Principal& caller) {
  return caller.Has(Role::kAnalyst) || caller.Has(Role::kAdmin);
}

void CheckClientCreate(const Principal& caller) {
  common::auth::CheckAccess(common::auth::ActorOf(caller), common::auth::Records::kClients,
                            common::auth::Action::kCreate, {});
}

bool IsRequisitesField(const std::string& path) {
  static constexpr std::array<std::string_view, 7> kRequisites = {
      "inn",          "kpp", "ogrn", "legal_name", "legal_address", "legal_address_details",
      "bank_accounts"};
  return std::find(kRequisites.begin(), kRequisites.end(), path) != kRequisites.end();
}

void CheckClientEdit(const Principal& caller, const ClientResponsibility& responsibility,
                     const std::vector<std::string>& paths) {
  if (MayEdit(caller, responsibility)) {
    return;
  }
  if (caller.Has(Role::kAccountant)) {
    for (const std::string& path : paths) {
      if (!IsRequisitesField(path)) {
        throw common::PermissionError(
            "an accountant may change requisites only (INN, KPP, OGRN, "
            "legal name, legal address and bank accounts), not " +
            path);
      }
    }
    return;
  }
  if (IsSalesStaff(caller)) {
    throw common::PermissionError(
        "a sales manager may change only the clients they curate; flag others for an analyst");
  }
  throw common::PermissionError("this role may not change clients");
}

void CheckContactPersonEdit(const Principal& caller, const ClientResponsibility& responsibility) {
  if (MayEdit(caller, responsibility)) {
    return;
  }
  throw common::PermissionError(
      "only analysts and the client's responsible sales managers change its contact persons");
}

}  // namespace crm::registry
