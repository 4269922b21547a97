#include "services/analytics/domain/rating_report.h"

#include <algorithm>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/text.h"
#include "crm/planning/v1/assessments.pb.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {

RatingRow RatingRowOf(const crm::events::v1::RatingRecorded& event) {
  const auto& rating = event.rating();
  common::Violations violations;
  RatingRow row;
  if (auto ids = common::ParseChildResourceId(rating.name(), "clients", "ratings")) {
    row.client_id = common::LowerAscii(ids->first);
    row.id = common::LowerAscii(ids->second);
  } else {
    violations.Add("rating.name", "must be clients/{uuid}/ratings/{uuid}");
  }
  if (rating.target() == crm::planning::v1::RATING_TARGET_UNSPECIFIED ||
      !crm::planning::v1::RatingTarget_IsValid(rating.target())) {
    violations.Add("rating.target", "must be MANAGER, PROJECT or COMPANY");
  }
  if (rating.score() < 1 || rating.score() > 5) {
    violations.Add("rating.score", "must be 1 to 5");
  }
  if (!rating.has_record_time() || !IsValidTimestamp(rating.record_time())) {
    violations.Add("rating.record_time", "must be a valid timestamp");
  }
  violations.ThrowIfAny();
  row.target = crm::planning::v1::RatingTarget_Name(rating.target());
  row.subject = rating.subject();
  row.score = rating.score();
  row.recorded_by = rating.recorded_by();
  row.record_rfc3339 = Rfc3339(rating.record_time());
  return row;
}

void AddRatingTargetViolation(common::Violations& violations, const std::string& field,
                              const std::string& target) {
  crm::planning::v1::RatingTarget parsed{};
  if (!target.empty() && (!crm::planning::v1::RatingTarget_Parse(target, &parsed) ||
                          parsed == crm::planning::v1::RATING_TARGET_UNSPECIFIED)) {
    violations.Add(field,
                   "must be RATING_TARGET_MANAGER, RATING_TARGET_PROJECT or RATING_TARGET_COMPANY");
  }
}

RatingQuery ValidateRatingRequest(const crm::analytics::v1::GetRatingReportRequest& request) {
  common::Violations violations;
  auto period = ReadPeriod(violations, request.has_start_time(), request.start_time(),
                           request.has_end_time(), request.end_time());
  AddRatingTargetViolation(violations, "target", request.target());
  violations.ThrowIfAny();
  return {.period = *period, .target = request.target()};
}

crm::analytics::v1::RatingReport AssembleRatingReport(
    const crm::analytics::v1::GetRatingReportRequest& request, std::vector<RatingCell> cells,
    const std::string& scope) {
  std::sort(cells.begin(), cells.end(),
            [](const RatingCell& a, const RatingCell& b) { return a.score > b.score; });
  crm::analytics::v1::RatingReport report;
  *report.mutable_start_time() = request.start_time();
  *report.mutable_end_time() = request.end_time();
  report.set_target(request.target());
  report.set_scope(scope);
  int64_t clients = 0;
  int64_t score_sum = 0;
  for (const auto& cell : cells) {
    auto* bucket = report.add_buckets();
    bucket->set_score(cell.score);
    bucket->set_clients(cell.clients);
    bucket->set_ratings(cell.ratings);
    bucket->set_sales_count(cell.sales);
    bucket->set_area_dm2(cell.area_dm2);
    *bucket->mutable_net_amount() = Roubles(cell.net_kopecks);
    clients += cell.clients;
    score_sum += cell.clients * cell.score;
  }
  report.set_clients(clients);
  report.set_average_score_centi(clients > 0 ? static_cast<int32_t>(score_sum * 100 / clients) : 0);
  return report;
}

}  // namespace crm::analytics::domain
