#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/store/page.h"

// Client groups and their members, inside the caller's transaction; `actor` is the principal
// subject recorded as author (and as the owner of a personal group).
namespace crm::registry {

v1::Group InsertGroup(pqxx::transaction_base& tx, const std::string& id, const v1::Group& group,
                      const std::string& actor);
std::optional<v1::Group> FindGroup(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Group> LockGroup(pqxx::transaction_base& tx, const std::string& id);
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
// What a change by filter did: the rows changed, the live clients the filter matched (additions
// only) and up to kMemberSampleSize changed client ids in id order.
inline constexpr int kMemberSampleSize = 100;
struct FilterMemberChange {
  long changed = 0;
  long matched = 0;
  std::vector<std::string> sample;
};
// One INSERT ... SELECT: every live client matching the filter joins the group.
FilterMemberChange AddGroupMembersByFilter(pqxx::transaction_base& tx, const std::string& group_id,
                                           const ClientFilterSpec& filter,
                                           const std::string& actor);
// One DELETE: every member matching the filter leaves the group.
FilterMemberChange RemoveGroupMembersByFilter(pqxx::transaction_base& tx,
                                              const std::string& group_id,
                                              const ClientFilterSpec& filter);
// How many members the group has; members that are deleted clients only when `show_deleted`.
long CountGroupMembers(pqxx::transaction_base& tx, const std::string& group_id, bool show_deleted);
Page<v1::GroupMember> ListGroupMembers(pqxx::transaction_base& tx, const MemberList& list);

// The live target groups of a project.
Page<v1::Group> ListProjectTargetGroups(pqxx::transaction_base& tx, const std::string& project_id,
                                        const ListWindow& window);
// Why each of `group_ids` cannot be a target group, in request order: "missing" (or not visible
// to `viewer`), "personal" or "kind"; empty when all can.
std::vector<std::pair<std::string, std::string>> TargetGroupProblems(
    pqxx::transaction_base& tx, const std::vector<std::string>& group_ids,
    const std::string& viewer);
// Makes `group_ids` the project's target groups (its groups old and new locked FOR SHARE in id
// order first); returns the group ids unlinked and linked.
std::pair<std::vector<std::string>, std::vector<std::string>> ReplaceProjectTargetGroups(
    pqxx::transaction_base& tx, const std::string& project_id,
    const std::vector<std::string>& group_ids, const std::string& actor);

}  // namespace crm::registry
