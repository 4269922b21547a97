#include "services/planning/store/assessment_store.h"

#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/domain/assessment_rules.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;

// A row of insert_readiness_change, find_readiness, list_readiness_history.
ReadinessRow ReadinessFromRow(const Row& r) {
  ReadinessRow row;
  v1::Readiness& d = row.readiness;
  d.set_client(common::ResourceName("clients", r.Text("client_id")));
  d.set_edition("projects/" + r.Text("project_id") + "/editions/" + r.Text("edition_id"));
  d.set_level(domain::ReadinessText::Parse(r.Text("level")));
  d.set_colour(std::string(domain::ReadinessColour(d.level())));
  d.set_comment(r.Text("comment"));
  d.set_recorded_by(r.Text("recorded_by"));
  *d.mutable_record_time() = r.TimeFromMicros("record_time_us");
  row.id = r.Text("id");
  return row;
}

// A row of find_lead_source, lead_sources_to_hand_over ("" for a copy of a client whose lead
// source registry knows only as a detail reads as UNSPECIFIED).
v1::LeadSource LeadSourceFromRow(const Row& r) {
  v1::LeadSource s;
  s.set_client(common::ResourceName("clients", r.Text("client_id")));
  s.set_source(domain::LeadSourceText::Parse(r.Text("source")));
  s.set_detail(r.Text("detail"));
  s.set_recorded_by(r.Text("recorded_by"));
  *s.mutable_record_time() = r.TimeFromMicros("record_time_us");
  return s;
}

// A row of insert_rating, list_ratings.
RatingRow RatingFromRow(const Row& r) {
  RatingRow row;
  row.id = r.Text("id");
  v1::Rating& d = row.rating;
  d.set_client(common::ResourceName("clients", r.Text("client_id")));
  d.set_name(d.client() + "/ratings/" + row.id);
  d.set_target(domain::RatingTargetText::Parse(r.Text("target")));
  d.set_subject(r.Text("subject"));
  d.set_score(r.Int32("score"));
  d.set_comment(r.Text("comment"));
  d.set_recorded_by(r.Text("recorded_by"));
  *d.mutable_record_time() = r.TimeFromMicros("record_time_us");
  return row;
}

}  // namespace

ReadinessRow InsertReadiness(pqxx::transaction_base& tx, const NewReadiness& c) {
  return ReadinessFromRow(Row(tx.exec_prepared1(
      "insert_readiness_change", c.id, c.client_id, c.project_id, c.edition_id,
      domain::ReadinessText::Of(c.level), c.comment, c.recorded_by, TimeParam(c.record_time))));
}

std::optional<ReadinessRow> FindReadiness(pqxx::transaction_base& tx, const std::string& client_id,
                                          const std::string& edition_id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_readiness", client_id, edition_id),
                                ReadinessFromRow);
}

std::vector<ReadinessRow> ListReadinessHistory(pqxx::transaction_base& tx,
                                               const std::string& client_id,
                                               const std::optional<std::string>& edition_id,
                                               const std::optional<common::api::TimeKey>& after,
                                               int limit) {
  const KeyParams key = KeyParamsOf(after);
  return common::db::RowsOf(
      tx.exec_prepared("list_readiness_history", client_id, OrNull(edition_id), OrNull(key.time),
                       OrNull(key.id), limit),
      ReadinessFromRow);
}

std::optional<v1::LeadSource> FindLeadSource(pqxx::transaction_base& tx,
                                             const std::string& client_id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_lead_source", client_id), LeadSourceFromRow);
}

std::vector<v1::LeadSource> LeadSourcesToHandOver(pqxx::transaction_base& tx, int limit) {
  return common::db::RowsOf(tx.exec_prepared("lead_sources_to_hand_over", limit),
                            LeadSourceFromRow);
}

void MarkLeadSourcesHandedOver(pqxx::transaction_base& tx,
                               const std::vector<std::string>& client_ids) {
  tx.exec_prepared("mark_lead_sources_handed_over", common::db::ArrayLiteral(client_ids));
}

RatingRow InsertRating(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& client_id, const v1::Rating& rating,
                       const std::string& subject, const std::string& recorded_by,
                       const google::protobuf::Timestamp& record_time) {
  return RatingFromRow(Row(tx.exec_prepared1(
      "insert_rating", id, client_id, domain::RatingTargetText::Of(rating.target()), subject,
      rating.score(), rating.comment(), recorded_by, TimeParam(record_time))));
}

std::vector<RatingRow> ListRatings(pqxx::transaction_base& tx, const std::string& client_id,
                                   v1::RatingTarget target,
                                   const std::optional<common::api::TimeKey>& after, int limit) {
  std::optional<std::string> target_text;
  if (target != v1::RATING_TARGET_UNSPECIFIED) {
    target_text = domain::RatingTargetText::Of(target);
  }
  const KeyParams key = KeyParamsOf(after);
  return common::db::RowsOf(tx.exec_prepared("list_ratings", client_id, OrNull(target_text),
                                             OrNull(key.time), OrNull(key.id), limit),
                            RatingFromRow);
}

}  // namespace crm::planning::store
