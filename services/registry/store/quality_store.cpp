#include "services/registry/store/quality_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "common/core/ids.h"
#include "services/registry/domain/duplicate_scoring.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kNilUuid[] = "00000000-0000-0000-0000-000000000000";
// Queue keys are microseconds since the epoch; the first page starts before year 1.
constexpr char kQueueStart[] = "-62135596800000000";
constexpr int kItemSortColumn = 8;  // created (µs)

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) {
    return parts;
  }
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) {
    parts.push_back(part);
  }
  return parts;
}

// "SAME_INN,SIMILAR_NAME" as stored <-> the API's reasons.
std::string StoredReasons(const v1::DuplicateCandidate& candidate) {
  std::string stored;
  for (int reason : candidate.reasons()) {
    if (!stored.empty()) {
      stored += ',';
    }
    stored += DuplicateReasonText::Of(static_cast<v1::DuplicateReason>(reason));
  }
  return stored;
}

void AddStoredReasons(const std::string& stored, v1::DuplicateCandidate* candidate) {
  for (const std::string& name : Split(stored, ',')) {
    candidate->add_reasons(DuplicateReasonText::Parse(name));
  }
}

v1::VerificationItem DecodeItem(const pqxx::row& row) {
  v1::VerificationItem item;
  item.set_name(common::ResourceName("verificationItems", row[0].c_str()));
  item.set_client(common::ResourceName("clients", row[1].c_str()));
  item.set_client_display_name(row[2].c_str());
  item.set_client_etag(row[3].c_str());
  item.set_reason(VerificationReasonText::Parse(row[4].c_str()));
  item.set_problem(row[5].c_str());
  for (const std::string& path : Split(row[6].c_str(), ',')) {
    item.add_field_paths(path);
  }
  item.set_comment(row[7].c_str());
  *item.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  item.set_creator(row[9].c_str());
  return item;
}

// Fills the candidates of `items` with one statement.
void AttachCandidates(pqxx::transaction_base& tx, std::vector<v1::VerificationItem>& items) {
  if (items.empty()) {
    return;
  }
  std::vector<std::string> ids;
  std::map<std::string, v1::VerificationItem*> by_id;
  for (auto& item : items) {
    ids.push_back(common::ParseResourceId(item.name(), "verificationItems").value());
    by_id[ids.back()] = &item;
  }
  for (const auto& row : tx.exec_prepared("verification_candidates_of_items", PgArray(ids))) {
    auto* candidate = by_id.at(row[0].c_str())->add_candidates();
    candidate->set_client(common::ResourceName("clients", row[1].c_str()));
    candidate->set_display_name(row[2].c_str());
    candidate->set_legal_name(row[3].c_str());
    candidate->set_inn(row[4].c_str());
    candidate->set_kpp(row[5].c_str());
    candidate->set_score(row[6].as<int>());
    AddStoredReasons(row[7].c_str(), candidate);
  }
}

v1::VerificationItem ItemWithCandidates(pqxx::transaction_base& tx, const pqxx::row& row) {
  std::vector<v1::VerificationItem> items{DecodeItem(row)};
  AttachCandidates(tx, items);
  return items.front();
}

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
  tx.exec_prepared("duplicate_name_threshold", std::to_string(NameAloneCandidateSimilarity()));
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

namespace {

v1::DuplicateClusterMember ScanMember(const pqxx::row& row) {
  v1::DuplicateClusterMember member;
  member.set_client(common::ResourceName("clients", row[0].c_str()));
  member.set_display_name(row[1].c_str());
  member.set_legal_name(row[2].c_str());
  member.set_inn(row[3].c_str());
  member.set_kpp(row[4].c_str());
  return member;
}

}  // namespace

std::vector<ImportRowDuplicate> FindImportRowDuplicates(pqxx::transaction_base& tx,
                                                        const std::string& import_id, int first_row,
                                                        int end_row) {
  std::vector<ImportRowDuplicate> found;
  tx.exec_prepared("duplicate_import_no_jit");
  for (const auto& row : tx.exec_prepared("import_rows_duplicate_signals", import_id, first_row,
                                          end_row, 2 * kMaxDuplicateCandidates)) {
    const DuplicateScore score = ScoreDuplicate(DecodeSignals(row, 1));
    const bool by_contact_or_name =
        std::any_of(score.reasons.begin(), score.reasons.end(), [](DuplicateReason reason) {
          return reason == DuplicateReason::kSimilarName || reason == DuplicateReason::kSamePhone ||
                 reason == DuplicateReason::kSameEmail;
        });
    if (!IsDuplicateCandidate(score) || !by_contact_or_name) {
      continue;
    }
    const int number = row[0].as<int>();
    // Rows come in row order; keep each row's best candidate.
    if (!found.empty() && found.back().row_number == number) {
      if (found.back().candidate.score() >= score.score) {
        continue;
      }
      found.pop_back();
    }
    found.push_back({number, DecodeCandidate(row, 1, score)});
  }
  return found;
}

DuplicateScanBatch ScanDuplicates(pqxx::transaction_base& tx, const DuplicateScan& scan) {
  DuplicateScanBatch batch;
  std::vector<DuplicateProbe> probes;
  for (const auto& row :
       tx.exec_prepared("duplicate_scan_clients", scan.after_id, scan.batch_size)) {
    DuplicateProbe probe;
    probe.exclude_id = row[0].c_str();
    probe.client.set_display_name(row[1].c_str());
    probe.client.set_legal_name(row[2].c_str());
    probe.client.set_inn(row[3].c_str());
    probe.client.set_kpp(row[4].c_str());
    probe.client.set_phone(row[5].c_str());
    probe.client.set_email(row[6].c_str());
    v1::DuplicateClusterMember member = ScanMember(row);
    member.set_etag(row[7].c_str());
    batch.members.emplace(member.client(), member);
    probes.push_back(std::move(probe));
  }
  batch.scanned = static_cast<int>(probes.size());
  if (probes.empty()) {
    return batch;
  }
  batch.last_id = probes.back().exclude_id;
  const auto candidates = FindDuplicateCandidatesBatch(tx, probes);
  std::vector<std::string> outside;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const std::string client = common::ResourceName("clients", probes[i].exclude_id);
    for (const v1::DuplicateCandidate& candidate : candidates[i]) {
      // The pair is reported from the client sorting first (UUIDs in text compare as the ids).
      if (candidate.client() <= client || candidate.score() < scan.min_score) {
        continue;
      }
      v1::DuplicatePair pair;
      pair.set_client(client);
      pair.set_other(candidate.client());
      pair.set_score(candidate.score());
      *pair.mutable_reasons() = candidate.reasons();
      batch.pairs.push_back(std::move(pair));
      if (!batch.members.contains(candidate.client())) {
        outside.push_back(common::ParseResourceId(candidate.client(), "clients").value());
      }
    }
  }
  if (!outside.empty()) {
    for (const auto& row : tx.exec_prepared("duplicate_scan_members", PgArray(outside))) {
      v1::DuplicateClusterMember member = ScanMember(row);
      member.set_etag(row[5].c_str());
      batch.members.emplace(member.client(), member);
    }
  }
  // Members of the batch that pair with nobody are not part of the answer; a pair whose other
  // client went away between the statements is dropped.
  std::map<std::string, v1::DuplicateClusterMember> paired;
  std::vector<v1::DuplicatePair> kept;
  for (v1::DuplicatePair& pair : batch.pairs) {
    auto client = batch.members.find(pair.client());
    auto other = batch.members.find(pair.other());
    if (client == batch.members.end() || other == batch.members.end()) {
      continue;
    }
    paired.insert(*client);
    paired.insert(*other);
    kept.push_back(std::move(pair));
  }
  batch.pairs = std::move(kept);
  batch.members = std::move(paired);
  return batch;
}

void StartClientVerification(pqxx::transaction_base& tx, const v1::Client& created,
                             const std::string& creator_subject) {
  const VerificationState state = created.verification_state() == v1::VERIFICATION_STATE_VERIFIED
                                      ? VerificationState::kVerified
                                      : VerificationState::kPendingVerification;
  const std::string id = common::ParseResourceId(created.name(), "clients").value();
  tx.exec_prepared0("client_verification_init", id, VerificationStateName(state));
  if (state == VerificationState::kPendingVerification) {
    NewVerificationItem item;
    item.client_id = id;
    OpenVerificationItem(tx, created, "NEW_RECORD", item, creator_subject);
  }
}

ClientVerification ReadClientVerification(pqxx::transaction_base& tx, const std::string& id) {
  const pqxx::row row = tx.exec_prepared1("client_verification_get", id);
  ClientVerification verification;
  // An unknown stored state is treated as pending, so an analyst looks at it.
  verification.state =
      ParseVerificationState(row[0].c_str()).value_or(VerificationState::kPendingVerification);
  verification.postal_address_valid = row[1].as<bool>();
  verification.has_open_items = row[2].as<bool>();
  return verification;
}

void WriteClientVerification(pqxx::transaction_base& tx, const std::string& id,
                             const ClientVerification& verification, const std::string& actor) {
  tx.exec_prepared0("client_verification_set", id, VerificationStateName(verification.state),
                    verification.postal_address_valid, actor);
}

v1::VerificationItem OpenVerificationItem(pqxx::transaction_base& tx, const v1::Client& client,
                                          const std::string& reason,
                                          const NewVerificationItem& item,
                                          const std::string& actor) {
  const std::string item_id = common::NewUuid();
  tx.exec_prepared0("verification_item_insert", item_id, item.client_id, reason, item.problem,
                    PgArray(item.field_paths), item.comment, actor, item.returned_mail_key);
  const auto candidates = FindDuplicateCandidates(tx, client, item.client_id);
  if (!candidates.empty()) {
    std::vector<std::string> ids, scores, reasons;
    for (const auto& candidate : candidates) {
      ids.push_back(common::ParseResourceId(candidate.client(), "clients").value());
      scores.push_back(std::to_string(candidate.score()));
      reasons.push_back(StoredReasons(candidate));
    }
    tx.exec_prepared0("verification_candidates_insert", item_id, PgArray(ids), PgArray(scores),
                      PgArray(reasons));
  }
  return ItemWithCandidates(tx, tx.exec_prepared1("verification_item_get", item_id));
}

std::optional<v1::VerificationItem> FindVerificationItem(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  const pqxx::result rows = tx.exec_prepared("verification_item_get", id);
  if (rows.empty()) {
    return std::nullopt;
  }
  return ItemWithCandidates(tx, rows[0]);
}

std::optional<v1::VerificationItem> FindReturnedMailItem(pqxx::transaction_base& tx,
                                                         const std::string& returned_mail_key) {
  const pqxx::result rows =
      tx.exec_prepared("verification_item_by_returned_mail_key", returned_mail_key);
  if (rows.empty()) {
    return std::nullopt;
  }
  return ItemWithCandidates(tx, rows[0]);
}

void ResolveVerificationItems(pqxx::transaction_base& tx, const std::string& client_id,
                              const std::string& resolution, const std::string& comment,
                              const std::string& actor) {
  tx.exec_prepared0("verification_items_resolve", client_id, resolution, comment, actor);
}

Page<v1::VerificationItem> ListVerificationQueue(pqxx::transaction_base& tx,
                                                 const VerificationQueueQuery& query) {
  const ListWindow& w = query.window;
  auto page = ReadPage(tx.exec_prepared("verification_queue", query.reason,
                                        AfterSort(w, kQueueStart), AfterId(w), FetchLimit(w)),
                       w, kItemSortColumn, DecodeItem);
  AttachCandidates(tx, page.items);
  return page;
}

}  // namespace crm::registry
