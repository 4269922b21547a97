#include "services/registry/store/group_store.h"

#include <algorithm>

#include "common/core/ids.h"
#include "common/db/lists.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "services/registry/store/client_filter.h"

namespace crm::registry {
namespace {

using common::db::ArrayLiteral;
using common::db::Row;

// A row of any statement of store/sql/groups.sql that returns groups.
v1::Group DecodeGroup(const Row& row) {
  v1::Group group;
  group.set_name(common::ResourceName("groups", row.Text("id")));
  group.set_display_name(row.Text("display_name"));
  group.set_description(row.Text("description"));
  group.set_kind(GroupKindText::Parse(row.Text("kind")));
  group.set_owner(row.Text("owner"));
  group.set_personal(!group.owner().empty());
  group.set_member_count(row.Int64("member_count"));
  *group.mutable_create_time() = row.TimeFromMicros("created_us");
  *group.mutable_update_time() = row.TimeFromMicros("updated_us");
  if (auto deleted = row.OptionalTimeFromMicros("deleted_us")) {
    *group.mutable_delete_time() = *deleted;
  }
  group.set_etag(row.Text("version"));
  return group;
}

// A row of group_members_list.
v1::GroupMember DecodeMember(const Row& row) {
  v1::GroupMember member;
  member.set_client(common::ResourceName("clients", row.Text("id")));
  member.set_display_name(row.Text("display_name"));
  member.set_inn(row.Text("inn"));
  *member.mutable_add_time() = row.TimeFromMicros("added_us");
  return member;
}

// A row of group_members_add_by_filter or group_members_remove_by_filter.
FilterMemberChange DecodeFilterMemberChange(const Row& row) {
  FilterMemberChange change;
  change.matched = static_cast<long>(row.Int64("matched"));
  change.changed = static_cast<long>(row.Int64("changed"));
  change.sample = common::db::SplitList(row.Text("sample"));
  return change;
}

// The one text column `column` of every row.
std::vector<std::string> TextColumn(const pqxx::result& rows, const char* column) {
  std::vector<std::string> values;
  values.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    values.push_back(Row(row).Text(column));
  }
  return values;
}

}  // namespace

v1::Group InsertGroup(pqxx::transaction_base& tx, const std::string& id, const v1::Group& group,
                      const std::string& actor) {
  return DecodeGroup(Row(tx.exec_prepared1("group_insert", id, group.display_name(),
                                           group.description(), GroupKindText::Of(group.kind()),
                                           group.personal() ? actor : std::string(), actor)));
}

std::optional<v1::Group> FindGroup(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("group_get", id), DecodeGroup);
}

std::optional<v1::Group> LockGroup(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("group_get_for_update", id), DecodeGroup);
}

v1::Group UpdateGroupRecord(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Group& group, const std::string& actor) {
  return DecodeGroup(
      Row(tx.exec_prepared1("group_update", id, group.display_name(), group.description(), actor)));
}

v1::Group MarkGroupDeleted(pqxx::transaction_base& tx, const std::string& id,
                           const std::string& actor) {
  return DecodeGroup(Row(tx.exec_prepared1("group_delete", id, actor)));
}

Page<v1::Group> ListVisibleGroups(pqxx::transaction_base& tx, const GroupList& list,
                                  const std::string& viewer) {
  return ReadPageByName(tx.exec_prepared("groups_list", viewer, list.kind, AfterSort(list.window),
                                         AfterId(list.window), FetchLimit(list.window)),
                        list.window, "display_name", DecodeGroup);
}

Page<v1::Group> ListClientGroups(pqxx::transaction_base& tx, const ClientGroupList& list,
                                 const std::string& viewer) {
  return ReadPageByName(
      tx.exec_prepared("client_groups_list", list.client_id, viewer, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window)),
      list.window, "display_name", DecodeGroup);
}

std::optional<std::string> FirstMissingClient(pqxx::transaction_base& tx,
                                              const std::vector<std::string>& client_ids) {
  return FirstRowOf(tx.exec_prepared("clients_missing", ArrayLiteral(client_ids)),
                    [](const Row& row) { return row.Text("client_id"); });
}

long AddGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                     const std::vector<std::string>& client_ids, const std::string& actor) {
  return static_cast<long>(
      tx.exec_prepared("group_members_add", group_id, ArrayLiteral(client_ids), actor)
          .affected_rows());
}

long RemoveGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                        const std::vector<std::string>& client_ids) {
  return static_cast<long>(
      tx.exec_prepared("group_members_remove", group_id, ArrayLiteral(client_ids)).affected_rows());
}

FilterMemberChange AddGroupMembersByFilter(pqxx::transaction_base& tx, const std::string& group_id,
                                           const ClientFilterSpec& filter,
                                           const std::string& actor) {
  common::db::UseCustomPlans(tx);
  return DecodeFilterMemberChange(
      Row(tx.exec_prepared1("group_members_add_by_filter",
                            pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)),
                            group_id, actor, kMemberSampleSize)));
}

FilterMemberChange RemoveGroupMembersByFilter(pqxx::transaction_base& tx,
                                              const std::string& group_id,
                                              const ClientFilterSpec& filter) {
  common::db::UseCustomPlans(tx);
  return DecodeFilterMemberChange(
      Row(tx.exec_prepared1("group_members_remove_by_filter",
                            pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)),
                            group_id, kMemberSampleSize)));
}

Page<v1::Group> ListProjectTargetGroups(pqxx::transaction_base& tx, const std::string& project_id,
                                        const ListWindow& window) {
  return ReadPageByName(tx.exec_prepared("project_target_groups_list", project_id,
                                         AfterSort(window), AfterId(window), FetchLimit(window)),
                        window, "display_name", DecodeGroup);
}

std::vector<std::pair<std::string, std::string>> TargetGroupProblems(
    pqxx::transaction_base& tx, const std::vector<std::string>& group_ids,
    const std::string& viewer) {
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& row :
       tx.exec_prepared("target_group_problems", ArrayLiteral(group_ids), viewer)) {
    const Row problem(row);
    problems.emplace_back(problem.Text("group_id"), problem.Text("problem"));
  }
  return problems;
}

std::pair<std::vector<std::string>, std::vector<std::string>> ReplaceProjectTargetGroups(
    pqxx::transaction_base& tx, const std::string& project_id,
    const std::vector<std::string>& group_ids, const std::string& actor) {
  std::pair<std::vector<std::string>, std::vector<std::string>> changed;
  tx.exec_prepared("project_target_groups_lock_groups", project_id, ArrayLiteral(group_ids));
  changed.first = TextColumn(
      tx.exec_prepared("project_target_groups_unlink", project_id, ArrayLiteral(group_ids)),
      "group_id");
  changed.second = TextColumn(
      tx.exec_prepared("project_target_groups_link", project_id, ArrayLiteral(group_ids), actor),
      "group_id");
  std::sort(changed.first.begin(), changed.first.end());
  std::sort(changed.second.begin(), changed.second.end());
  return changed;
}

long CountGroupMembers(pqxx::transaction_base& tx, const std::string& group_id, bool show_deleted) {
  return static_cast<long>(
      Row(tx.exec_prepared1("group_member_count", group_id, show_deleted)).Int64("member_count"));
}

Page<v1::GroupMember> ListGroupMembers(pqxx::transaction_base& tx, const MemberList& list) {
  return ReadPageByName(
      tx.exec_prepared("group_members_list", list.group_id, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window), list.show_deleted),
      list.window, "display_name", DecodeMember);
}

}  // namespace crm::registry
