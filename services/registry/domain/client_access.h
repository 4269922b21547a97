#pragma once

#include <string>
#include <vector>

#include "common/auth/access.h"
#include "crm/registry/v1/registry.pb.h"

// Who may do what with clients and their contact persons. Analysts (who keep the base clean) and
// admins may do everything; sales managers create clients (pending an analyst's check), read all,
// edit the clients they curate and flag the others for an analyst (QualityService.FlagClient);
// heads of sales, who answer for every manager's clients, edit any client; accountants create
// clients (pending an analyst's check, like a manager's), read all and edit requisites only; only
// analysts (and admins) delete and undelete. Who creates clients and who edits which client is
// the shared rule (common/auth/access.h, Records::kClients), which planning applies to what
// managers record about a client too; the accountants' requisites are registry's own addition.
namespace crm::registry {

// The people responsible for a client, as far as the registry knows them.
struct ClientResponsibility {
  std::vector<std::string> curator_ids;  // employee ids curating it now (any project)
};

// Analysts and admins: the keepers of the base.
bool KeepsClientBase(const common::auth::Principal& caller);

// Throws common::PermissionError unless `caller` may enter a new client (the shared rule's
// Action::kCreate on Records::kClients).
void CheckClientCreate(const common::auth::Principal& caller);

// The Client fields an accountant may change.
bool IsRequisitesField(const std::string& path);

// Throws common::PermissionError unless `caller` may change the fields `paths` of a client with
// `responsibility`.
void CheckClientEdit(const common::auth::Principal& caller,
                     const ClientResponsibility& responsibility,
                     const std::vector<std::string>& paths);

// Throws common::PermissionError unless `caller` may change the contact persons of a client with
// `responsibility` (the rule for editing the client itself; accountants may not).
void CheckContactPersonEdit(const common::auth::Principal& caller,
                            const ClientResponsibility& responsibility);

}  // namespace crm::registry
