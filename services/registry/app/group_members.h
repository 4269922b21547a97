#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/groups.pb.h"

// Use case shared by AddGroupMembers, RemoveGroupMembers and an accepted group membership
// proposal: clients join or leave a group, counted, with crm.registry.group.members_changed in
// the outbox.
namespace crm::registry::app {

// Within the caller's transaction, on `group` the caller has locked and may edit: every client of
// `client_ids` (no repeats) joins it (`add`) or leaves it, `actor` recorded as who added them.
// Throws common::NotFoundError for the first id that is no client.
v1::ChangeGroupMembersResponse ChangeGroupMembers(pqxx::transaction_base& tx,
                                                  const v1::Group& group,
                                                  const std::vector<std::string>& client_ids,
                                                  bool add, const std::string& actor);

}  // namespace crm::registry::app
