#include "services/registry/domain/duplicate_clusters.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "services/registry/domain/duplicate_scoring.h"

namespace crm::registry {

std::vector<v1::DuplicateCluster> BuildDuplicateClusters(
    const std::vector<v1::DuplicatePair>& pairs,
    const std::map<std::string, v1::DuplicateClusterMember>& members) {
  // Index the clients in name order, so ClusterPairs lists each cluster's members in that order.
  std::map<std::string, std::size_t> index;
  for (const v1::DuplicatePair& pair : pairs) {
    index.emplace(pair.client(), 0);
    index.emplace(pair.other(), 0);
  }
  std::vector<std::string> names;
  for (auto& [name, at] : index) {
    at = names.size();
    names.push_back(name);
  }
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  edges.reserve(pairs.size());
  for (const v1::DuplicatePair& pair : pairs) {
    edges.emplace_back(index.at(pair.client()), index.at(pair.other()));
  }
  const std::vector<std::vector<std::size_t>> groups = ClusterPairs(names.size(), edges);
  std::vector<std::size_t> cluster_of(names.size(), 0);
  std::vector<v1::DuplicateCluster> clusters(groups.size());
  for (std::size_t c = 0; c < groups.size(); ++c) {
    for (std::size_t member : groups[c]) {
      cluster_of[member] = c;
      if (auto found = members.find(names[member]); found != members.end()) {
        *clusters[c].add_members() = found->second;
      }
    }
  }
  for (const v1::DuplicatePair& pair : pairs) {
    v1::DuplicateCluster& cluster = clusters[cluster_of[index.at(pair.client())]];
    *cluster.add_pairs() = pair;
    cluster.set_max_score(std::max(cluster.max_score(), pair.score()));
  }
  for (v1::DuplicateCluster& cluster : clusters) {
    std::stable_sort(cluster.mutable_pairs()->begin(), cluster.mutable_pairs()->end(),
                     [](const auto& a, const auto& b) { return a.score() > b.score(); });
  }
  // Groups come in the order of their first member; the best go first.
  std::stable_sort(clusters.begin(), clusters.end(),
                   [](const auto& a, const auto& b) { return a.max_score() > b.max_score(); });
  return clusters;
}

}  // namespace crm::registry
