#include "services/registry/domain/duplicate_scoring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace crm::registry {
namespace {

constexpr int kSameInnKppWeight = 100;
constexpr int kSameInnWeight = 60;
constexpr int kSimilarNameWeight = 50;
constexpr int kSamePhoneWeight = 30;
constexpr int kSameEmailWeight = 30;
constexpr int kMaxScore = 100;

std::size_t Root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

}  // namespace

DuplicateScore ScoreDuplicate(const DuplicateSignals& signals) {
  DuplicateScore result;
  int score = 0;
  if (signals.same_inn_kpp) {
    score += kSameInnKppWeight;
    result.reasons.push_back(DuplicateReason::kSameInnKpp);
  } else if (signals.same_inn) {
    score += kSameInnWeight;
    result.reasons.push_back(DuplicateReason::kSameInn);
  }
  const double similarity = std::clamp(signals.name_similarity, 0.0, 1.0);
  if (similarity >= kSimilarNameFrom) {
    score += static_cast<int>(std::lround(similarity * kSimilarNameWeight));
    result.reasons.push_back(DuplicateReason::kSimilarName);
  }
  if (signals.same_phone) {
    score += kSamePhoneWeight;
    result.reasons.push_back(DuplicateReason::kSamePhone);
  }
  if (signals.same_email) {
    score += kSameEmailWeight;
    result.reasons.push_back(DuplicateReason::kSameEmail);
  }
  result.score = std::min(score, kMaxScore);
  return result;
}

bool IsDuplicateCandidate(const DuplicateScore& score) {
  return score.score >= kCandidateThreshold;
}

double NameAloneCandidateSimilarity() {
  // Half a point rounds up (std::lround), so the name's share reaches the threshold from
  // threshold - 0.5 points on.
  const double from = (kCandidateThreshold - 0.5) / kSimilarNameWeight;
  return std::max(from, kSimilarNameFrom);
}

const char* DuplicateReasonName(DuplicateReason reason) {
  switch (reason) {
    case DuplicateReason::kSameInnKpp:
      return "SAME_INN_KPP";
    case DuplicateReason::kSameInn:
      return "SAME_INN";
    case DuplicateReason::kSimilarName:
      return "SIMILAR_NAME";
    case DuplicateReason::kSamePhone:
      return "SAME_PHONE";
    case DuplicateReason::kSameEmail:
      return "SAME_EMAIL";
  }
  return "";
}

std::vector<std::vector<std::size_t>> ClusterPairs(
    std::size_t count, const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
  std::vector<std::size_t> parent(count);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  std::vector<bool> paired(count, false);
  for (const auto& [a, b] : pairs) {
    if (a >= count || b >= count || a == b) {
      continue;
    }
    paired[a] = paired[b] = true;
    const std::size_t ra = Root(parent, a);
    const std::size_t rb = Root(parent, b);
    parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  // Members are visited in ascending order, so each cluster is sorted and clusters appear in
  // the order of their first member.
  std::map<std::size_t, std::size_t> cluster_of_root;
  std::vector<std::vector<std::size_t>> clusters;
  for (std::size_t i = 0; i < count; ++i) {
    if (!paired[i]) {
      continue;
    }
    const std::size_t root = Root(parent, i);
    auto [it, inserted] = cluster_of_root.emplace(root, clusters.size());
    if (inserted) {
      clusters.emplace_back();
    }
    clusters[it->second].push_back(i);
  }
  return clusters;
}

}  // namespace crm::registry
