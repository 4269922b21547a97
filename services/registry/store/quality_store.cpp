#include "services/registry/store/quality_store.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "services/registry/domain/duplicate_scoring.h"
#include "services/registry/store/columns.h"

namespace crm::registry {
namespace {

using common::db::QuotedArrayLiteral;
using common::db::Row;

constexpr char kNilUuid[] = "00000000-0000-0000-0000-000000000000";

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

// A row of the verification item statements (store/sql/quality.sql).
v1::VerificationItem DecodeItem(const Row& row) {
  v1::VerificationItem item;
  item.set_name(common::ResourceName("verificationItems", row.Text("id")));
  item.set_client(common::ResourceName("clients", row.Text("client_id")));
  item.set_client_display_name(row.Text("display_name"));
  item.set_client_etag(row.Text("version"));
  item.set_reason(VerificationReasonText::Parse(row.Text("reason")));
  item.set_problem(row.Text("problem"));
  for (const std::string& path : Split(row.Text("field_paths"), ',')) {
    item.add_field_paths(path);
  }
  item.set_comment(row.Text("comment"));
  *item.mutable_create_time() = row.TimeFromMicros("create_time_us");
  item.set_creator(row.Text("created_by"));
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
  for (const auto& result_row :
       tx.exec_prepared("verification_candidates_of_items", QuotedArrayLiteral(ids))) {
    const Row row(result_row);
    auto* candidate = by_id.at(row.Text("item_id"))->add_candidates();
    candidate->set_client(common::ResourceName("clients", row.Text("id")));
    candidate->set_display_name(row.Text("display_name"));
    candidate->set_legal_name(row.Text("legal_name"));
    candidate->set_inn(row.Text("inn"));
    candidate->set_kpp(row.Text("kpp"));
    candidate->set_score(row.Int32("score"));
    AddStoredReasons(row.Text("reasons"), candidate);
  }
}

v1::VerificationItem ItemWithCandidates(pqxx::transaction_base& tx, const Row& row) {
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

// The signals of a row of duplicate_signals_batch or import_rows_duplicate_signals.
DuplicateSignals DecodeSignals(const Row& row) {
  DuplicateSignals signals;
  signals.same_inn_kpp = row.Bool("same_inn_kpp");
  signals.same_inn = row.Bool("same_inn");
  pqxx::from_string(row.Text("name_similarity"), signals.name_similarity);
  signals.same_phone = row.Bool("same_phone");
  signals.same_email = row.Bool("same_email");
  return signals;
}

// The candidate of a row of duplicate_signals_batch or import_rows_duplicate_signals.
v1::DuplicateCandidate DecodeCandidate(const Row& row, const DuplicateScore& score) {
  v1::DuplicateCandidate candidate;
  candidate.set_client(common::ResourceName("clients", row.Text("id")));
  DecodeClientIdentity(row, candidate);
  candidate.set_score(score.score);
  for (DuplicateReason reason : score.reasons) {
    candidate.add_reasons(ProtoReason(reason));
  }
  return candidate;
}

}  // namespace

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
  const std::string operator_cost =
      tx.exec_prepared1("duplicate_name_threshold", std::to_string(NameAloneCandidateSimilarity()))
          .at(0)
          .as<std::string>();
  // Fetch more than are kept: the database orders by INN and name, the score decides.
  const pqxx::result rows = tx.exec_prepared(
      "duplicate_signals_batch", QuotedArrayLiteral(inns), QuotedArrayLiteral(kpps),
      QuotedArrayLiteral(display_names), QuotedArrayLiteral(legal_names),
      QuotedArrayLiteral(phones), QuotedArrayLiteral(emails), QuotedArrayLiteral(excludes),
      2 * kMaxDuplicateCandidates);
  tx.exec_prepared1("duplicate_lookup_end", operator_cost);
  for (const auto& result_row : rows) {
    const Row row(result_row);
    const auto index = static_cast<std::size_t>(row.Int32("ord") - 1);
    const DuplicateScore score = ScoreDuplicate(DecodeSignals(row));
    if (index < result.size() && IsDuplicateCandidate(score)) {
      result[index].push_back(DecodeCandidate(row, score));
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

// A row of duplicate_scan_clients or duplicate_scan_members.
v1::DuplicateClusterMember ScanMember(const Row& row) {
  v1::DuplicateClusterMember member;
  member.set_client(common::ResourceName("clients", row.Text("id")));
  DecodeClientIdentity(row, member);
  member.set_etag(row.Text("version"));
  return member;
}

}  // namespace

std::vector<ImportRowDuplicate> FindImportRowDuplicates(pqxx::transaction_base& tx,
                                                        const std::string& import_id, int first_row,
                                                        int end_row) {
  std::vector<ImportRowDuplicate> found;
  tx.exec_prepared("duplicate_import_no_jit");
  for (const auto& result_row : tx.exec_prepared("import_rows_duplicate_signals", import_id,
                                                 first_row, end_row, 2 * kMaxDuplicateCandidates)) {
    const Row row(result_row);
    const DuplicateScore score = ScoreDuplicate(DecodeSignals(row));
    const bool by_contact_or_name =
        std::any_of(score.reasons.begin(), score.reasons.end(), [](DuplicateReason reason) {
          return reason == DuplicateReason::kSimilarName || reason == DuplicateReason::kSamePhone ||
                 reason == DuplicateReason::kSameEmail;
        });
    if (!IsDuplicateCandidate(score) || !by_contact_or_name) {
      continue;
    }
    const int number = row.Int32("ord");
    // Rows come in row order; keep each row's best candidate.
    if (!found.empty() && found.back().row_number == number) {
      if (found.back().candidate.score() >= score.score) {
        continue;
      }
      found.pop_back();
    }
    found.push_back({number, DecodeCandidate(row, score)});
  }
  return found;
}

DuplicateScanBatch ScanDuplicates(pqxx::transaction_base& tx, const DuplicateScan& scan) {
  DuplicateScanBatch batch;
  std::vector<DuplicateProbe> probes;
  for (const auto& result_row :
       tx.exec_prepared("duplicate_scan_clients", scan.after_id, scan.batch_size)) {
    const Row row(result_row);
    DuplicateProbe probe;
    probe.exclude_id = row.Text("id");
    probe.client.set_display_name(row.Text("display_name"));
    probe.client.set_legal_name(row.Text("legal_name"));
    probe.client.set_inn(row.Text("inn"));
    probe.client.set_kpp(row.Text("kpp"));
    probe.client.set_phone(row.Text("phone"));
    probe.client.set_email(row.Text("email"));
    v1::DuplicateClusterMember member = ScanMember(row);
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
    for (const auto& row :
         tx.exec_prepared("duplicate_scan_members", common::db::ArrayLiteral(outside))) {
      v1::DuplicateClusterMember member = ScanMember(Row(row));
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

ClientVerification ReadClientVerification(pqxx::transaction_base& tx, const std::string& id) {
  const Row row(tx.exec_prepared1("client_verification_get", id));
  ClientVerification verification;
  // An unknown stored state is treated as pending, so an analyst looks at it.
  verification.state = ParseVerificationState(row.Text("verification_state"))
                           .value_or(VerificationState::kPendingVerification);
  verification.postal_address_valid = row.Bool("postal_address_valid");
  verification.has_open_items = row.Bool("has_open_items");
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
                    QuotedArrayLiteral(item.field_paths), item.comment, actor,
                    item.returned_mail_key);
  const auto candidates = FindDuplicateCandidates(tx, client, item.client_id);
  const Row row(tx.exec_prepared1("verification_item_get", item_id));
  if (candidates.empty()) {
    return DecodeItem(row);  // a new item without candidates: nothing to read back
  }
  std::vector<std::string> ids, scores, reasons;
  for (const auto& candidate : candidates) {
    ids.push_back(common::ParseResourceId(candidate.client(), "clients").value());
    scores.push_back(std::to_string(candidate.score()));
    reasons.push_back(StoredReasons(candidate));
  }
  tx.exec_prepared0("verification_candidates_insert", item_id, QuotedArrayLiteral(ids),
                    QuotedArrayLiteral(scores), QuotedArrayLiteral(reasons));
  return ItemWithCandidates(tx, row);
}

std::optional<v1::VerificationItem> FindVerificationItem(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  return FirstRowOf(tx.exec_prepared("verification_item_get", id),
                    [&](const Row& row) { return ItemWithCandidates(tx, row); });
}

std::optional<v1::VerificationItem> FindReturnedMailItem(pqxx::transaction_base& tx,
                                                         const std::string& returned_mail_key) {
  return FirstRowOf(tx.exec_prepared("verification_item_by_returned_mail_key", returned_mail_key),
                    [&](const Row& row) { return ItemWithCandidates(tx, row); });
}

void ResolveVerificationItems(pqxx::transaction_base& tx, const std::string& client_id,
                              const std::string& resolution, const std::string& comment,
                              const std::string& actor) {
  tx.exec_prepared0("verification_items_resolve", client_id, resolution, comment, actor);
}

Page<v1::VerificationItem> ListVerificationQueue(pqxx::transaction_base& tx,
                                                 const VerificationQueueQuery& query) {
  auto page = ReadListPage(tx, "verification_queue", query.window,
                           {"create_time_us", kFirstMicrosKey}, DecodeItem, query.reason);
  AttachCandidates(tx, page.items);
  return page;
}

}  // namespace crm::registry
