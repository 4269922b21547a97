#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

// Duplicate detection rules, free of I/O. The database finds records that may be the same
// company (same INN, similar normalised name, same phone digits, same e-mail) and measures the
// signals; these functions turn the signals into a score and the reasons a person reads.
namespace crm::registry {

// Why two records may be one company. The order is the order reasons are shown in.
enum class DuplicateReason { kSameInnKpp, kSameInn, kSimilarName, kSamePhone, kSameEmail };

// What the database measured between an incoming record and one in the base.
struct DuplicateSignals {
  bool same_inn_kpp = false;     // INN and KPP both equal: the base's unique key
  bool same_inn = false;         // INN equal (another branch, or the same company)
  double name_similarity = 0.0;  // trigram similarity of the normalised names, 0..1
  bool same_phone = false;       // equal phone digits (a leading 8 read as 7)
  bool same_email = false;       // equal e-mail, letter case ignored
};

struct DuplicateScore {
  int score = 0;  // 0..100
  std::vector<DuplicateReason> reasons;
};

// Weights: an equal INN+KPP is certain (100); an equal INN alone 60; a similar name adds up to
// 50 (only from a similarity of 0.5); an equal phone or e-mail adds 30 each. Capped at 100.
inline constexpr double kSimilarNameFrom = 0.5;
// Pairs scoring below this are not shown as candidates.
inline constexpr int kCandidateThreshold = 40;

DuplicateScore ScoreDuplicate(const DuplicateSignals& signals);

bool IsDuplicateCandidate(const DuplicateScore& score);

// The lowest name similarity that makes a candidate on its own. A pair below it is a candidate
// only with an equal INN, phone or e-mail, which the database finds by equality; so a trigram
// search needs no lower threshold than this, whatever the names are like.
double NameAloneCandidateSimilarity();

// "SAME_INN_KPP", ... as in crm.registry.v1.DuplicateReason without its prefix.
const char* DuplicateReasonName(DuplicateReason reason);

// Groups pairs of record indexes (0..count-1) into clusters of records connected by any pair;
// each cluster lists its members in ascending order, clusters ordered by their first member.
// Records in no pair form no cluster.
std::vector<std::vector<std::size_t>> ClusterPairs(
    std::size_t count, const std::vector<std::pair<std::size_t, std::size_t>>& pairs);

}  // namespace crm::registry
