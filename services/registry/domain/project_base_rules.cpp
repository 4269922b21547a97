#include "services/registry/domain/project_base_rules.h"

#include <tuple>

#include "services/registry/domain/org_fields.h"

namespace crm::registry {

using common::Violations;

TargetGroupsChange ValidateSetProjectTargetGroups(
    const v1::SetProjectTargetGroupsRequest& request) {
  Violations v;
  TargetGroupsChange change;
  if (auto id = ReadResourceId(v, "project", request.project(), "projects")) {
    change.project_id = *id;
  }
  if (request.groups_size() > kMaxTargetGroups) {
    v.Add("groups", "must name at most 100 groups");
  }
  for (int i = 0; i < request.groups_size() && i < kMaxTargetGroups; ++i) {
    const std::string field = "groups[" + std::to_string(i) + "]";
    if (auto id = ReadResourceId(v, field, request.groups(i), "groups")) {
      if (Contains(change.group_ids, *id)) {
        v.Add(field, "is named twice");
      } else {
        change.group_ids.push_back(*id);
      }
    }
  }
  v.ThrowIfAny();
  return change;
}

TargetGroupList ValidateListProjectTargetGroups(const v1::ListProjectTargetGroupsRequest& request,
                                                std::string_view caller) {
  TargetGroupList list;
  std::tie(list.project_id, list.window) =
      ReadChildList(request, "project", request.project(), "projects", caller);
  return list;
}

ProjectClientList ValidateListProjectClients(const v1::ListProjectClientsRequest& request,
                                             std::string_view caller) {
  Violations v;
  ProjectClientList list;
  auto id = ReadResourceId(v, "project", request.project(), "projects");
  list.filter = ReadClientFilter(request.filter(), "filter", v);
  list.filtered = HasAnyCondition(list.filter);
  // The token is bound to the filter, so it can only be checked against a valid one.
  if (id && v.empty()) {
    list.project_id = *id;
    list.window = ReadListWindow(request, caller, v);
  }
  v.ThrowIfAny();
  return list;
}

}  // namespace crm::registry
