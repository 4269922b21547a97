#include "services/registry/domain/group_rules.h"

#include <array>
#include <utility>

#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;
using common::auth::Role;

void CheckGroupText(Violations& v, v1::Group* group) {
  v.AddIf("group.display_name",
          CheckText(*group->mutable_display_name(),
                    {.required = true, .max_characters = kNameMaxCharacters}));
  v.AddIf("group.description",
          CheckText(*group->mutable_description(),
                    {.required = false, .max_characters = 5000, .line_breaks = true}));
}

MemberChange ReadMemberChange(const std::string& group, const auto& clients) {
  Violations v;
  MemberChange change;
  if (auto id = ReadResourceId(v, "group", group, "groups")) {
    change.group_id = *id;
  }
  if (clients.empty()) {
    v.Add("clients", "must name at least one client");
  } else if (clients.size() > kMaxMembersPerRequest) {
    v.Add("clients", "must name at most 1000 clients per request");
  }
  for (int i = 0; i < clients.size() && i < kMaxMembersPerRequest; ++i) {
    const std::string field = "clients[" + std::to_string(i) + "]";
    if (auto id = ReadResourceId(v, field, clients[i], "clients")) {
      if (Contains(change.client_ids, *id)) {
        v.Add(field, "is named twice");
      } else {
        change.client_ids.push_back(*id);
      }
    }
  }
  v.ThrowIfAny();
  return change;
}

template <class Request>
MemberFilterChange ReadMemberFilterChange(const Request& request) {
  Violations v;
  MemberFilterChange change;
  if (auto id = ReadResourceId(v, "group", request.group(), "groups")) {
    change.group_id = *id;
  }
  change.filter = ReadClientFilter(request.filter(), "filter", v);
  if (v.empty() && !HasAnyCondition(change.filter)) {
    v.Add("filter", "must hold at least one condition; an empty filter matches every client");
  }
  v.ThrowIfAny();
  return change;
}

}  // namespace

v1::Group ValidateCreateGroup(const v1::CreateGroupRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_group()) {
    v.Add("group", "is required");
    v.ThrowIfAny();
  }
  v1::Group group;
  group.set_display_name(request.group().display_name());
  group.set_description(request.group().description());
  group.set_kind(request.group().kind());
  group.set_personal(request.group().personal());
  CheckGroupText(v, &group);
  if (!common::api::IsSpecified(group.kind())) {
    v.Add("group.kind", "must be a group kind (geography, industry, ..., other)");
  }
  v.ThrowIfAny();
  return group;
}

std::string ValidateGroupName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "groups");
}

GroupUpdate ValidateUpdateGroup(const v1::UpdateGroupRequest& request) {
  static constexpr std::array<std::string_view, 2> kUpdatable = {"display_name", "description"};
  Violations v;
  GroupUpdate update =
      ReadUpdateTarget(v, "group", request.has_group() ? &request.group() : nullptr,
                       request.update_mask(), "groups", kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::Group ApplyGroupUpdate(const v1::Group& current, const v1::Group& changes,
                           const std::vector<std::string>& paths) {
  v1::Group group = current;
  if (common::api::HasPath(paths, "display_name")) {
    group.set_display_name(changes.display_name());
  }
  if (common::api::HasPath(paths, "description")) {
    group.set_description(changes.description());
  }
  Violations v;
  CheckGroupText(v, &group);
  v.ThrowIfAny();
  return group;
}

GroupDeletion ValidateDeleteGroup(const v1::DeleteGroupRequest& request) {
  return ReadDeletion(request.name(), request.etag(), "groups");
}

GroupList ValidateListGroups(const v1::ListGroupsRequest& request, std::string_view caller) {
  Violations v;
  GroupList list;
  if (request.kind() != v1::GROUP_KIND_UNSPECIFIED) {
    if (common::api::IsSpecified(request.kind())) {
      list.kind = GroupKindText::Of(request.kind());
    } else {
      v.Add("kind", "must be a group kind or unspecified");
      v.ThrowIfAny();
    }
  }
  list.window = ReadListWindow(request, caller, v);
  v.ThrowIfAny();
  return list;
}

MemberChange ValidateAddGroupMembers(const v1::AddGroupMembersRequest& request) {
  return ReadMemberChange(request.group(), request.clients());
}

MemberChange ValidateRemoveGroupMembers(const v1::RemoveGroupMembersRequest& request) {
  return ReadMemberChange(request.group(), request.clients());
}

MemberFilterChange ValidateAddGroupMembersByFilter(
    const v1::AddGroupMembersByFilterRequest& request) {
  return ReadMemberFilterChange(request);
}

MemberFilterChange ValidateRemoveGroupMembersByFilter(
    const v1::RemoveGroupMembersByFilterRequest& request) {
  return ReadMemberFilterChange(request);
}

MemberList ValidateListGroupMembers(const v1::ListGroupMembersRequest& request,
                                    std::string_view caller) {
  auto [id, window] = ReadChildList(request, "group", request.group(), "groups", caller);
  return {id, window, request.show_deleted()};
}

ClientGroupList ValidateListClientGroups(const v1::ListClientGroupsRequest& request,
                                         std::string_view caller) {
  auto [id, window] = ReadChildList(request, "client", request.client(), "clients", caller);
  return {id, window};
}

bool MaySeeGroup(const v1::Group& group, const common::auth::Principal& caller) {
  return !group.personal() || group.owner() == caller.subject;
}

bool MayEditGroup(const v1::Group& group, const common::auth::Principal& caller) {
  if (group.personal()) {
    return group.owner() == caller.subject;
  }
  return caller.HasAny({Role::kAnalyst, Role::kAdmin});
}

bool MayCreateGroup(const v1::Group& group, const common::auth::Principal& caller) {
  if (group.personal()) {
    return caller.HasAny(
        {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant, Role::kAdmin});
  }
  return caller.HasAny({Role::kAnalyst, Role::kAdmin});
}

v1::Group VisibleGroup(std::optional<v1::Group> group, const common::auth::Principal& caller,
                       const std::string& name) {
  if (!group || group->has_delete_time() || !MaySeeGroup(*group, caller)) {
    throw common::NotFoundError(name);
  }
  return *group;
}

v1::Group EditableGroup(std::optional<v1::Group> group, const common::auth::Principal& caller,
                        const std::string& name) {
  v1::Group visible = VisibleGroup(std::move(group), caller, name);
  if (!MayEditGroup(visible, caller)) {
    throw common::PermissionError("only analysts edit the shared group " + name);
  }
  return visible;
}

}  // namespace crm::registry
