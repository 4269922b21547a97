#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crm/registry/v1/exhibitions.pb.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/list_window.h"

// Input rules of a project's client base: its target groups and the list of its clients. Each
// Validate* throws common::ValidationError naming every problem by its request field path.
namespace crm::registry {

inline constexpr int kMaxTargetGroups = 100;

struct TargetGroupsChange {
  std::string project_id;
  std::vector<std::string> group_ids;  // no repeats, in request order
};
TargetGroupsChange ValidateSetProjectTargetGroups(const v1::SetProjectTargetGroupsRequest& request);

struct TargetGroupList {
  std::string project_id;
  ListWindow window;
};
TargetGroupList ValidateListProjectTargetGroups(const v1::ListProjectTargetGroupsRequest& request,
                                                std::string_view caller);

struct ProjectClientList {
  std::string project_id;
  ClientFilterSpec filter;
  // Whether the filter holds any condition: without one the count reads only the project's base.
  bool filtered = false;
  ListWindow window;
};
ProjectClientList ValidateListProjectClients(const v1::ListProjectClientsRequest& request,
                                             std::string_view caller);

}  // namespace crm::registry
