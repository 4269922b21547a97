#include "services/registry/store/quality_store.h"

#include <algorithm>

#include "common/core/ids.h"
#include "services/registry/domain/duplicate_scoring.h"

namespace crm::registry {
namespace {

constexpr char kNilUuid[] = "00000000-0000-0000-0000-000000000000";

v1::DuplicateReason ProtoReason(DuplicateReason reason) {
  switch (reason) {
    case DuplicateReason::kSameInnKpp:
      return v1::DUPLICATE_REASON_SAME_INN_KPP;
    case DuplicateReason::kSameInn:
      return v1::DUPLICATE_REASON_SAME_INN;
    case DuplicateReason::kSimilarName:
      return v1::DUPLICATE_REASON_SIMILAR_NAME;
    case DuplicateReason::kSamePhone:
      return v1::DUPLICATE_REASON_SAME_PHONE;
    case DuplicateReason::kSameEmail:
      return v1::DUPLICATE_REASON_SAME_EMAIL;
  }
  return v1::DUPLICATE_REASON_UNSPECIFIED;
}

// Columns from the first one of CRM_REGISTRY_DUPLICATE_SIGNALS (`at` is its index).
DuplicateSignals DecodeSignals(const pqxx::row& row, int at) {
  DuplicateSignals signals;
  signals.same_inn_kpp = row[at + 5].as<bool>();
  signals.same_inn = row[at + 6].as<bool>();
  signals.name_similarity = row[at + 7].as<double>();
  signals.same_phone = row[at + 8].as<bool>();
  signals.same_email = row[at + 9].as<bool>();
  return signals;
}

v1::DuplicateCandidate DecodeCandidate(const pqxx::row& row, int at, const DuplicateScore& score) {
  v1::DuplicateCandidate candidate;
  candidate.set_client(common::ResourceName("clients", row[at].c_str()));
  candidate.set_display_name(row[at + 1].c_str());
  candidate.set_legal_name(row[at + 2].c_str());
  candidate.set_inn(row[at + 3].c_str());
  candidate.set_kpp(row[at + 4].c_str());
  candidate.set_score(score.score);
  for (DuplicateReason reason : score.reasons) {
    candidate.add_reasons(ProtoReason(reason));
  }
  return candidate;
}

}  // namespace

std::string PgArray(const std::vector<std::string>& values) {
  std::string array = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      array += ',';
    }
    array += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        array += '\\';
      }
      array += c;
    }
    array += '"';
  }
  array += '}';
  return array;
}

std::vector<std::vector<v1::DuplicateCandidate>> FindDuplicateCandidatesBatch(
    pqxx::transaction_base& tx, const std::vector<DuplicateProbe>& probes) {
  std::vector<std::vector<v1::DuplicateCandidate>> result(probes.size());
  if (probes.empty()) {
    return result;
  }
  std::vector<std::string> inns, kpps, display_names, legal_names, phones, emails, excludes;
  for (const DuplicateProbe& probe : probes) {
    inns.push_back(probe.client.inn());
    kpps.push_back(probe.client.kpp());
    display_names.push_back(probe.client.display_name());
    legal_names.push_back(probe.client.legal_name());
    phones.push_back(probe.client.phone());
    emails.push_back(probe.client.email());
    excludes.push_back(probe.exclude_id.empty() ? kNilUuid : probe.exclude_id);
  }
  // Fetch more than are kept: the database orders by INN and name, the score decides.
  const pqxx::result rows =
      tx.exec_prepared("duplicate_signals_batch", PgArray(inns), PgArray(kpps),
                       PgArray(display_names), PgArray(legal_names), PgArray(phones),
                       PgArray(emails), PgArray(excludes), 2 * kMaxDuplicateCandidates);
  for (const auto& row : rows) {
    const auto index = static_cast<std::size_t>(row[0].as<int>() - 1);
    const DuplicateScore score = ScoreDuplicate(DecodeSignals(row, 1));
    if (index < result.size() && IsDuplicateCandidate(score)) {
      result[index].push_back(DecodeCandidate(row, 1, score));
    }
  }
  for (auto& candidates : result) {
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.score() > b.score(); });
    if (candidates.size() > static_cast<std::size_t>(kMaxDuplicateCandidates)) {
      candidates.resize(kMaxDuplicateCandidates);
    }
  }
  return result;
}

std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(pqxx::transaction_base& tx,
                                                            const v1::Client& client,
                                                            const std::string& exclude_id) {
  return FindDuplicateCandidatesBatch(tx, {DuplicateProbe{client, exclude_id}}).front();
}

}  // namespace crm::registry
