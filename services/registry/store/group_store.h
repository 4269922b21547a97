#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/store/page.h"

// Client groups and their members, inside the caller's transaction; `actor` is the principal
// subject recorded as author (and as the owner of a personal group).
namespace crm::registry {

// Throws pqxx::unique_violation when the request id is taken.
v1::Group InsertGroup(pqxx::transaction_base& tx, const std::string& id, const v1::Group& group,
                      const std::string& request_id, const std::string& actor);
std::optional<v1::Group> FindGroup(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Group> LockGroup(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Group> FindGroupByRequestId(pqxx::transaction_base& tx,
                                              const std::string& request_id);
v1::Group UpdateGroupRecord(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Group& group, const std::string& actor);
v1::Group MarkGroupDeleted(pqxx::transaction_base& tx, const std::string& id,
                           const std::string& actor);
Page<v1::Group> ListVisibleGroups(pqxx::transaction_base& tx, const GroupList& list,
                                  const std::string& viewer);
Page<v1::Group> ListClientGroups(pqxx::transaction_base& tx, const ClientGroupList& list,
                                 const std::string& viewer);

// The first of `client_ids` that is not a client, if any.
std::optional<std::string> FirstMissingClient(pqxx::transaction_base& tx,
                                              const std::vector<std::string>& client_ids);
// Set-based: returns how many rows changed.
long AddGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                     const std::vector<std::string>& client_ids, const std::string& actor);
long RemoveGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                        const std::vector<std::string>& client_ids);
long CountGroupMembers(pqxx::transaction_base& tx, const std::string& group_id);
Page<v1::GroupMember> ListGroupMembers(pqxx::transaction_base& tx, const MemberList& list);

// A uuid[] parameter in PostgreSQL's array text form; UUIDs need no quoting.
std::string UuidArrayText(const std::vector<std::string>& ids);

}  // namespace crm::registry
