#include "services/registry/domain/project_base_rules.h"

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

TargetGroupList ValidateListProjectTargetGroups(const v1::ListProjectTargetGroupsRequest& request) {
  Violations v;
  TargetGroupList list;
  if (auto id = ReadResourceId(v, "project", request.project(), "projects")) {
    list.project_id = *id;
    list.window =
        ReadListWindow(request.page_size(), request.page_token(), ProjectTargetGroupsScope(*id), v);
  }
  v.ThrowIfAny();
  return list;
}

ProjectClientList ValidateListProjectClients(const v1::ListProjectClientsRequest& request) {
  Violations v;
  ProjectClientList list;
  auto id = ReadResourceId(v, "project", request.project(), "projects");
  list.filter = ReadClientFilter(request.filter(), "filter", v);
  // The token is bound to the filter, so it can only be checked against a valid one.
  if (id && v.empty()) {
    list.project_id = *id;
    list.window = ReadListWindow(request.page_size(), request.page_token(),
                                 ProjectClientsScope(*id, list.filter), v);
  }
  v.ThrowIfAny();
  return list;
}

std::string ProjectTargetGroupsScope(std::string_view project_id) {
  return "projects/" + std::string(project_id) + "/targetGroups";
}

std::string ProjectClientsScope(std::string_view project_id, const ClientFilterSpec& filter) {
  return "projects/" + std::string(project_id) + "/clients?" + ClientFilterKey(filter);
}

}  // namespace crm::registry
