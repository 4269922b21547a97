#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/core/errors.h"
#include "crm/analytics/v1/analytics.pb.h"
#include "crm/events/v1/planning_rating_events.pb.h"
#include "services/analytics/domain/report.h"

// Clients' ratings: the projection's row of a rating, what a valid request is and the
// distribution from the store's figures. Pure.
namespace crm::analytics::domain {

struct RatingRow {
  std::string id;         // the rating's UUID
  std::string client_id;  // UUID
  std::string target;     // "RATING_TARGET_MANAGER", ...
  std::string subject;
  int32_t score = 0;
  std::string recorded_by;
  std::string record_rfc3339;
};

// Throws common::ValidationError for a rating that can never be applied: its name not
// clients/{uuid}/ratings/{uuid}, an unset or unknown target, a score outside 1..5, no valid
// record time.
RatingRow RatingRowOf(const crm::events::v1::RatingRecorded& event);

struct RatingQuery {
  Period period;
  std::string target;  // "" for every target
};

// Adds a violation at `field` unless `target` is "" (every target) or a RatingTarget name.
void AddRatingTargetViolation(common::Violations& violations, const std::string& field,
                              const std::string& target);

// Throws common::ValidationError listing every problem: the period's (see ReadPeriod) and
// "target" (not a RatingTarget name).
RatingQuery ValidateRatingRequest(const crm::analytics::v1::GetRatingReportRequest& request);

struct RatingCell {
  int32_t score = 0;
  int64_t clients = 0;
  int64_t ratings = 0;
  int64_t sales = 0;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
};

// The buckets, highest score first; the clients and their average latest score.
crm::analytics::v1::RatingReport AssembleRatingReport(
    const crm::analytics::v1::GetRatingReportRequest& request, std::vector<RatingCell> cells,
    const std::string& scope);

}  // namespace crm::analytics::domain
