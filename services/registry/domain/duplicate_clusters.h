#pragma once

#include <map>
#include <string>
#include <vector>

#include "crm/registry/v1/quality.pb.h"

// The clusters of a duplicate scan, free of I/O: pairs of clients joined by ClusterPairs.
namespace crm::registry {

// Clusters of the clients connected by `pairs` (client names in `client` and `other`), each with
// its members from `members` (by client name; a member missing there is left out) in name order
// and its pairs best first; clusters with the best pair first, then by their first member.
std::vector<v1::DuplicateCluster> BuildDuplicateClusters(
    const std::vector<v1::DuplicatePair>& pairs,
    const std::map<std::string, v1::DuplicateClusterMember>& members);

}  // namespace crm::registry
