#include "services/planning/store/assessment_store.h"

#include "common/core/ids.h"
#include "services/planning/domain/assessment_rules.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {
namespace {

ReadinessRow ReadReadiness(const pqxx::row& r) {
  ReadinessRow row;
  v1::Readiness& d = row.readiness;
  d.set_client(common::ResourceName("clients", r[0].c_str()));
  d.set_edition(std::string("projects/") + r[1].c_str() + "/editions/" + r[2].c_str());
  d.set_level(domain::ReadinessText::Parse(r[3].c_str()));
  d.set_colour(std::string(domain::ReadinessColour(d.level())));
  d.set_comment(r[4].c_str());
  d.set_recorded_by(r[5].c_str());
  *d.mutable_record_time() = rows::FromMicros(r[6]);
  row.id = r[7].c_str();
  return row;
}

v1::LeadSource ReadLeadSource(const pqxx::row& r) {
  v1::LeadSource s;
  s.set_client(common::ResourceName("clients", r[0].c_str()));
  s.set_source(domain::LeadSourceText::Parse(r[1].c_str()));
  s.set_detail(r[2].c_str());
  s.set_recorded_by(r[3].c_str());
  *s.mutable_record_time() = rows::FromMicros(r[4]);
  return s;
}

RatingRow ReadRating(const pqxx::row& r) {
  RatingRow row;
  row.id = r[0].c_str();
  v1::Rating& d = row.rating;
  d.set_client(common::ResourceName("clients", r[1].c_str()));
  d.set_name(d.client() + "/ratings/" + row.id);
  d.set_target(domain::RatingTargetText::Parse(r[2].c_str()));
  d.set_subject(r[3].c_str());
  d.set_score(r[4].as<int32_t>());
  d.set_comment(r[5].c_str());
  d.set_recorded_by(r[6].c_str());
  *d.mutable_record_time() = rows::FromMicros(r[7]);
  return row;
}

}  // namespace

ReadinessRow InsertReadiness(pqxx::transaction_base& tx, const NewReadiness& c) {
  return ReadReadiness(tx.exec_prepared1("insert_readiness_change", c.id, c.client_id, c.project_id,
                                         c.edition_id, domain::ReadinessText::Of(c.level),
                                         c.comment, c.recorded_by, rows::Time(c.record_time)));
}

std::optional<ReadinessRow> FindReadiness(pqxx::transaction_base& tx, const std::string& client_id,
                                          const std::string& edition_id) {
  auto result = tx.exec_prepared("find_readiness", client_id, edition_id);
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadReadiness(result[0]);
}

std::vector<ReadinessRow> ListReadinessHistory(pqxx::transaction_base& tx,
                                               const std::string& client_id,
                                               const std::optional<std::string>& edition_id,
                                               const std::optional<domain::TimeKey>& after,
                                               int limit) {
  const rows::KeyParams key = rows::KeyParamsOf(after);
  std::vector<ReadinessRow> out;
  for (const auto& r :
       tx.exec_prepared("list_readiness_history", client_id, rows::OrNull(edition_id),
                        rows::OrNull(key.time), rows::OrNull(key.id), limit)) {
    out.push_back(ReadReadiness(r));
  }
  return out;
}

v1::LeadSource InsertLeadSource(pqxx::transaction_base& tx, const std::string& id,
                                const std::string& client_id, v1::LeadSourceKind source,
                                const std::string& detail, const std::string& recorded_by,
                                const google::protobuf::Timestamp& record_time) {
  return ReadLeadSource(tx.exec_prepared1("insert_lead_source", id, client_id,
                                          domain::LeadSourceText::Of(source), detail, recorded_by,
                                          rows::Time(record_time)));
}

std::optional<v1::LeadSource> FindLeadSource(pqxx::transaction_base& tx,
                                             const std::string& client_id) {
  auto result = tx.exec_prepared("find_lead_source", client_id);
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadLeadSource(result[0]);
}

RatingRow InsertRating(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& client_id, const v1::Rating& rating,
                       const std::string& subject, const std::string& recorded_by,
                       const google::protobuf::Timestamp& record_time) {
  return ReadRating(tx.exec_prepared1(
      "insert_rating", id, client_id, domain::RatingTargetText::Of(rating.target()), subject,
      rating.score(), rating.comment(), recorded_by, rows::Time(record_time)));
}

std::vector<RatingRow> ListRatings(pqxx::transaction_base& tx, const std::string& client_id,
                                   v1::RatingTarget target,
                                   const std::optional<domain::TimeKey>& after, int limit) {
  std::optional<std::string> target_text;
  if (target != v1::RATING_TARGET_UNSPECIFIED) {
    target_text = domain::RatingTargetText::Of(target);
  }
  const rows::KeyParams key = rows::KeyParamsOf(after);
  std::vector<RatingRow> out;
  for (const auto& r : tx.exec_prepared("list_ratings", client_id, rows::OrNull(target_text),
                                        rows::OrNull(key.time), rows::OrNull(key.id), limit)) {
    out.push_back(ReadRating(r));
  }
  return out;
}

}  // namespace crm::planning::store
