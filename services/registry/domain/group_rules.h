#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/auth/auth.h"
#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/org_fields.h"

// Rules of client groups: input checks (throwing common::ValidationError with field paths) and
// who sees and edits which group.
namespace crm::registry {

inline constexpr int kMaxMembersPerRequest = 1000;

v1::Group ValidateCreateGroup(const v1::CreateGroupRequest& request);
std::string ValidateGroupName(std::string_view name, const char* field);

using GroupUpdate = UpdateTarget;
GroupUpdate ValidateUpdateGroup(const v1::UpdateGroupRequest& request);
v1::Group ApplyGroupUpdate(const v1::Group& current, const v1::Group& changes,
                           const std::vector<std::string>& paths);

using GroupDeletion = Deletion;
GroupDeletion ValidateDeleteGroup(const v1::DeleteGroupRequest& request);

struct GroupList {
  std::string kind;  // "" for every kind
  ListWindow window;
};
GroupList ValidateListGroups(const v1::ListGroupsRequest& request, std::string_view caller);

struct MemberChange {
  std::string group_id;
  std::vector<std::string> client_ids;  // no repeats
};
MemberChange ValidateAddGroupMembers(const v1::AddGroupMembersRequest& request);
MemberChange ValidateRemoveGroupMembers(const v1::RemoveGroupMembersRequest& request);

// Membership changed for every client matching a filter.
struct MemberFilterChange {
  std::string group_id;
  ClientFilterSpec filter;
};
// The filter must hold at least one condition: an empty one would select the whole base.
MemberFilterChange ValidateAddGroupMembersByFilter(
    const v1::AddGroupMembersByFilterRequest& request);
MemberFilterChange ValidateRemoveGroupMembersByFilter(
    const v1::RemoveGroupMembersByFilterRequest& request);

struct MemberList {
  std::string group_id;
  ListWindow window;
  bool show_deleted = false;
};
MemberList ValidateListGroupMembers(const v1::ListGroupMembersRequest& request,
                                    std::string_view caller);

struct ClientGroupList {
  std::string client_id;
  ListWindow window;
};
ClientGroupList ValidateListClientGroups(const v1::ListClientGroupsRequest& request,
                                         std::string_view caller);

// A personal group exists only for its owner; a shared one for every member of staff.
bool MaySeeGroup(const v1::Group& group, const common::auth::Principal& caller);
// Owners edit their personal groups; analysts (and admins) edit shared ones.
bool MayEditGroup(const v1::Group& group, const common::auth::Principal& caller);
// Anyone on the staff may keep personal groups; only analysts create shared ones.
bool MayCreateGroup(const v1::Group& group, const common::auth::Principal& caller);

// The group as the caller may see it: a live group, and a personal one only for its owner (to
// anyone else it does not exist: common::NotFoundError of `name`).
v1::Group VisibleGroup(std::optional<v1::Group> group, const common::auth::Principal& caller,
                       const std::string& name);
// A visible group the caller may edit (MayEditGroup), else common::PermissionError.
v1::Group EditableGroup(std::optional<v1::Group> group, const common::auth::Principal& caller,
                        const std::string& name);

// The stored text of a group's kind: "our_exhibitions".
using GroupKindText = common::api::EnumText<v1::GroupKind, common::api::TextCase::kLower>;

}  // namespace crm::registry
