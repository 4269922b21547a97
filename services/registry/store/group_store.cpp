#include "services/registry/store/group_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <string_view>

#include "common/core/ids.h"
#include "services/registry/store/client_filter.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kGroupSortColumn = 1;   // display_name
constexpr int kMemberSortColumn = 1;  // the client's display_name

v1::Group DecodeGroup(const pqxx::row& row) {
  v1::Group group;
  group.set_name(common::ResourceName("groups", row[0].c_str()));
  group.set_display_name(row[1].c_str());
  group.set_description(row[2].c_str());
  group.set_kind(GroupKindText::Parse(row[3].c_str()));
  group.set_owner(row[4].c_str());
  group.set_personal(!group.owner().empty());
  group.set_member_count(row[5].as<int64_t>());
  *group.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  *group.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  if (!row[8].is_null()) {
    *group.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  }
  group.set_etag(row[9].c_str());
  return group;
}

v1::GroupMember DecodeMember(const pqxx::row& row) {
  v1::GroupMember member;
  member.set_client(common::ResourceName("clients", row[0].c_str()));
  member.set_display_name(row[1].c_str());
  member.set_inn(row[2].c_str());
  *member.mutable_add_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  return member;
}

}  // namespace

std::string UuidArrayText(const std::vector<std::string>& ids) {
  std::string text = "{";
  for (const std::string& id : ids) {
    if (text.size() > 1) {
      text += ',';
    }
    text += id;
  }
  return text + "}";
}

v1::Group InsertGroup(pqxx::transaction_base& tx, const std::string& id, const v1::Group& group,
                      const std::string& actor) {
  return DecodeGroup(tx.exec_prepared1("group_insert", id, group.display_name(),
                                       group.description(), GroupKindText::Of(group.kind()),
                                       group.personal() ? actor : std::string(), actor));
}

std::optional<v1::Group> FindGroup(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("group_get", id), DecodeGroup);
}

std::optional<v1::Group> LockGroup(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("group_get_for_update", id), DecodeGroup);
}

v1::Group UpdateGroupRecord(pqxx::transaction_base& tx, const std::string& id,
                            const v1::Group& group, const std::string& actor) {
  return DecodeGroup(
      tx.exec_prepared1("group_update", id, group.display_name(), group.description(), actor));
}

v1::Group MarkGroupDeleted(pqxx::transaction_base& tx, const std::string& id,
                           const std::string& actor) {
  return DecodeGroup(tx.exec_prepared1("group_delete", id, actor));
}

Page<v1::Group> ListVisibleGroups(pqxx::transaction_base& tx, const GroupList& list,
                                  const std::string& viewer) {
  return ReadPage(tx.exec_prepared("groups_list", viewer, list.kind, AfterSort(list.window),
                                   AfterId(list.window), FetchLimit(list.window)),
                  list.window, kGroupSortColumn, DecodeGroup);
}

Page<v1::Group> ListClientGroups(pqxx::transaction_base& tx, const ClientGroupList& list,
                                 const std::string& viewer) {
  return ReadPage(
      tx.exec_prepared("client_groups_list", list.client_id, viewer, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window)),
      list.window, kGroupSortColumn, DecodeGroup);
}

std::optional<std::string> FirstMissingClient(pqxx::transaction_base& tx,
                                              const std::vector<std::string>& client_ids) {
  pqxx::result rows = tx.exec_prepared("clients_missing", UuidArrayText(client_ids));
  if (rows.empty()) {
    return std::nullopt;
  }
  return std::string(rows[0][0].c_str());
}

long AddGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                     const std::vector<std::string>& client_ids, const std::string& actor) {
  return static_cast<long>(
      tx.exec_prepared("group_members_add", group_id, UuidArrayText(client_ids), actor)
          .affected_rows());
}

long RemoveGroupMembers(pqxx::transaction_base& tx, const std::string& group_id,
                        const std::vector<std::string>& client_ids) {
  return static_cast<long>(
      tx.exec_prepared("group_members_remove", group_id, UuidArrayText(client_ids))
          .affected_rows());
}

namespace {

FilterMemberChange ReadFilterMemberChange(const pqxx::row& row) {
  FilterMemberChange change;
  change.matched = row[0].as<long>();
  change.changed = row[1].as<long>();
  const std::string sample = row[2].is_null() ? "" : row[2].c_str();
  for (std::size_t start = 0; start < sample.size();) {
    std::size_t end = sample.find(',', start);
    if (end == std::string::npos) {
      end = sample.size();
    }
    change.sample.push_back(sample.substr(start, end - start));
    start = end + 1;
  }
  return change;
}

}  // namespace

FilterMemberChange AddGroupMembersByFilter(pqxx::transaction_base& tx, const std::string& group_id,
                                           const ClientFilterSpec& filter,
                                           const std::string& actor) {
  tx.exec_prepared("use_custom_plans");
  return ReadFilterMemberChange(
      tx.exec_prepared1("group_members_add_by_filter",
                        pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)),
                        group_id, actor, kMemberSampleSize));
}

FilterMemberChange RemoveGroupMembersByFilter(pqxx::transaction_base& tx,
                                              const std::string& group_id,
                                              const ClientFilterSpec& filter) {
  tx.exec_prepared("use_custom_plans");
  return ReadFilterMemberChange(
      tx.exec_prepared1("group_members_remove_by_filter",
                        pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)),
                        group_id, kMemberSampleSize));
}

Page<v1::Group> ListProjectTargetGroups(pqxx::transaction_base& tx, const std::string& project_id,
                                        const ListWindow& window) {
  return ReadPage(tx.exec_prepared("project_target_groups_list", project_id, AfterSort(window),
                                   AfterId(window), FetchLimit(window)),
                  window, kGroupSortColumn, DecodeGroup);
}

std::vector<std::pair<std::string, std::string>> TargetGroupProblems(
    pqxx::transaction_base& tx, const std::vector<std::string>& group_ids,
    const std::string& viewer) {
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& row :
       tx.exec_prepared("target_group_problems", UuidArrayText(group_ids), viewer)) {
    problems.emplace_back(row[0].c_str(), row[1].c_str());
  }
  return problems;
}

std::pair<std::vector<std::string>, std::vector<std::string>> ReplaceProjectTargetGroups(
    pqxx::transaction_base& tx, const std::string& project_id,
    const std::vector<std::string>& group_ids, const std::string& actor) {
  std::pair<std::vector<std::string>, std::vector<std::string>> changed;
  for (const auto& row :
       tx.exec_prepared("project_target_groups_unlink", project_id, UuidArrayText(group_ids))) {
    changed.first.emplace_back(row[0].c_str());
  }
  for (const auto& row : tx.exec_prepared("project_target_groups_link", project_id,
                                          UuidArrayText(group_ids), actor)) {
    changed.second.emplace_back(row[0].c_str());
  }
  std::sort(changed.first.begin(), changed.first.end());
  std::sort(changed.second.begin(), changed.second.end());
  return changed;
}

long CountGroupMembers(pqxx::transaction_base& tx, const std::string& group_id) {
  return tx.exec_prepared1("group_member_count", group_id)[0].as<long>();
}

Page<v1::GroupMember> ListGroupMembers(pqxx::transaction_base& tx, const MemberList& list) {
  return ReadPage(
      tx.exec_prepared("group_members_list", list.group_id, AfterSort(list.window),
                       AfterId(list.window), FetchLimit(list.window), list.show_deleted),
      list.window, kMemberSortColumn, DecodeMember);
}

}  // namespace crm::registry
