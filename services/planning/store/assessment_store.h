#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "crm/planning/v1/assessments.pb.h"

// The assessments of clients as stored (store/sql/assessments.sql).
namespace crm::planning::store {

struct ReadinessRow {
  v1::Readiness readiness;
  std::string id;
};

struct NewReadiness {
  std::string id;
  std::string client_id;
  std::string project_id;
  std::string edition_id;
  v1::ReadinessLevel level = v1::READINESS_LEVEL_UNSPECIFIED;
  std::string comment;
  std::string recorded_by;
  google::protobuf::Timestamp record_time;
};

ReadinessRow InsertReadiness(pqxx::transaction_base& tx, const NewReadiness& change);
std::optional<ReadinessRow> FindReadiness(pqxx::transaction_base& tx, const std::string& client_id,
                                          const std::string& edition_id);
// Newest first; `after` is the last (record_time, id) of the previous page.
std::vector<ReadinessRow> ListReadinessHistory(pqxx::transaction_base& tx,
                                               const std::string& client_id,
                                               const std::optional<std::string>& edition_id,
                                               const std::optional<common::api::TimeKey>& after,
                                               int limit);

// The client's lead source as planning's copy of the client has it (registry owns it); nullopt
// while the client has none.
std::optional<v1::LeadSource> FindLeadSource(pqxx::transaction_base& tx,
                                             const std::string& client_id);

// What planning recorded itself before registry owned lead sources and has not handed over yet:
// each client's latest, oldest first, at most `limit`, locked for the caller's transaction.
std::vector<v1::LeadSource> LeadSourcesToHandOver(pqxx::transaction_base& tx, int limit);
// Marks every recorded lead source of these clients handed over.
void MarkLeadSourcesHandedOver(pqxx::transaction_base& tx,
                               const std::vector<std::string>& client_ids);

struct RatingRow {
  v1::Rating rating;
  std::string id;
};
RatingRow InsertRating(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& client_id, const v1::Rating& rating,
                       const std::string& subject, const std::string& recorded_by,
                       const google::protobuf::Timestamp& record_time);
std::vector<RatingRow> ListRatings(pqxx::transaction_base& tx, const std::string& client_id,
                                   v1::RatingTarget target,
                                   const std::optional<common::api::TimeKey>& after, int limit);

}  // namespace crm::planning::store
