#include "services/analytics/domain/forecast_messages.h"

#include <google/protobuf/util/time_util.h>

#include <cmath>
#include <set>
#include <utility>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr size_t kMaxText = 200;

int64_t Round(double value) { return std::llround(value); }

crm::common::v1::Money Roubles(double kopecks) {
  crm::common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(Round(kopecks));
  return money;
}

int32_t Bp(double share) { return static_cast<int32_t>(std::llround(share * 10000.0)); }

void SetArea(const Ranged& r, crm::analytics::v1::RangedArea* out) {
  out->set_area_dm2(Round(r.point));
  out->set_low_dm2(Round(r.low));
  out->set_high_dm2(Round(r.high));
}

void SetMoney(const Ranged& r, crm::analytics::v1::RangedMoney* out) {
  *out->mutable_amount() = Roubles(r.point);
  *out->mutable_low() = Roubles(r.low);
  *out->mutable_high() = Roubles(r.high);
}

// Microseconds of a valid timestamp.
int64_t Micros(const google::protobuf::Timestamp& t) {
  return TimeUtil::TimestampToMicroseconds(t);
}

// A client key of an import: set and not too long.
void CheckClient(common::Violations& violations, const std::string& field,
                 const std::string& client) {
  if (client.empty()) {
    violations.Add(field, "must be set");
  } else if (client.size() > kMaxText) {
    violations.Add(field, "must be at most 200 characters");
  }
}

// A required time of an import's row; its microseconds when valid.
std::optional<int64_t> CheckTime(common::Violations& violations, const std::string& field, bool has,
                                 const google::protobuf::Timestamp& t) {
  if (!has) {
    violations.Add(field, "must be set");
    return std::nullopt;
  }
  if (!IsValidTimestamp(t)) {
    violations.Add(field, "is not a valid timestamp");
    return std::nullopt;
  }
  return Micros(t);
}

}  // namespace

ForecastQuery ValidateForecastRequest(const crm::analytics::v1::GetEditionForecastRequest& request,
                                      int64_t now_us) {
  common::Violations violations;
  ForecastQuery query{request.edition(), now_us};
  if (!IsEditionName(request.edition())) {
    violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
  }
  if (request.has_as_of()) {
    if (IsValidTimestamp(request.as_of())) {
      query.as_of_us = Micros(request.as_of());
    } else {
      violations.Add("as_of", "is not a valid timestamp");
    }
  }
  violations.ThrowIfAny();
  return query;
}

std::string ValidateBacktestRequest(const crm::analytics::v1::GetForecastBacktestRequest& request) {
  if (!request.project().empty() && !common::ParseResourceId(request.project(), "projects")) {
    common::Violations violations;
    violations.Add("project", "must be projects/{uuid} or empty for every project");
    violations.ThrowIfAny();
  }
  return request.project();
}

HistoryImport ValidateImport(const crm::analytics::v1::ImportEditionHistoryRequest& request,
                             const std::string& today_iso) {
  common::Violations violations;
  HistoryImport out;
  out.edition.name = request.edition();
  out.edition.display_name = request.display_name();
  if (auto ids = common::ParseChildResourceId(request.edition(), "projects", "editions")) {
    out.edition.project = "projects/" + ids->first;
  } else {
    violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
  }
  if (request.display_name().empty()) {
    violations.Add("display_name", "must be set");
  } else if (request.display_name().size() > kMaxText) {
    violations.Add("display_name", "must be at most 200 characters");
  }
  if (!request.has_start_date()) {
    violations.Add("start_date", "must be set");
  } else if (auto date = common::api::ReadDate(violations, "start_date", request.start_date())) {
    out.edition.start_date = common::api::IsoDate(*date);
    if (out.edition.start_date > today_iso) {
      violations.Add("start_date", "must not be in the future: only past editions are imported");
    }
    out.edition.open_us = OpeningMicros(*date);
  }
  if (request.assessments_size() > kMaxImportRows) {
    violations.Add("assessments", "must be at most 100000 per import");
  }
  if (request.sales_size() > kMaxImportRows) {
    violations.Add("sales", "must be at most 100000 per import");
  }
  violations.ThrowIfAny();

  std::set<std::pair<std::string, int64_t>> seen;
  for (int i = 0; i < request.assessments_size(); ++i) {
    const auto& row = request.assessments(i);
    const std::string path = "assessments[" + std::to_string(i) + "]";
    CheckClient(violations, path + ".client", row.client());
    const auto level = LevelIndex(row.level());
    if (!level) {
      violations.Add(path + ".level", "must be COLD, COOL, WARM or HOT");
    }
    const auto time =
        CheckTime(violations, path + ".record_time", row.has_record_time(), row.record_time());
    if (time && !seen.emplace(row.client(), *time).second) {
      violations.Add(path + ".record_time", "repeats an assessment of the same client");
    }
    if (level && time) {
      out.assessments.push_back({row.client(), *level, *time});
    }
  }
  for (int i = 0; i < request.sales_size(); ++i) {
    const auto& row = request.sales(i);
    const std::string path = "sales[" + std::to_string(i) + "]";
    CheckClient(violations, path + ".client", row.client());
    const auto time =
        CheckTime(violations, path + ".sale_time", row.has_sale_time(), row.sale_time());
    if (row.area_dm2() <= 0) {
      violations.Add(path + ".area_dm2", "must be more than 0");
    }
    if (row.net_amount().currency_code() != "RUB" || row.net_amount().minor_units() < 0) {
      violations.Add(path + ".net_amount", "must be RUB, 0 or more");
    }
    if (time) {
      out.sales.push_back({row.client(), *time, row.area_dm2(), row.net_amount().minor_units()});
    }
  }
  violations.ThrowIfAny();
  return out;
}

crm::analytics::v1::EditionForecast ForecastMessage(const Forecast& forecast,
                                                    const EditionInfo& edition) {
  crm::analytics::v1::EditionForecast out;
  out.set_edition(forecast.edition);
  *out.mutable_as_of() = TimeUtil::MicrosecondsToTimestamp(forecast.as_of_us);
  if (auto date = common::api::ParseIsoDate(edition.start_date)) {
    *out.mutable_start_date() = common::api::ProtoDate(*date);
  }
  out.set_weeks_before_opening(forecast.weeks_before);
  SetArea(forecast.area_dm2, out.mutable_area());
  SetMoney(forecast.net, out.mutable_amount());
  for (const Component& c : forecast.components) {
    auto* component = out.add_components();
    component->set_key(c.key);
    component->set_count(c.count);
    component->set_conversion_bp(Bp(c.conversion));
    component->set_observations(c.observations);
    component->set_area_dm2(Round(c.area_dm2));
    *component->mutable_amount() = Roubles(c.net);
  }
  if (forecast.last_area_dm2 && forecast.last_net) {
    auto* last = out.add_baselines();
    last->set_method("last_edition");
    last->set_area_dm2(Round(*forecast.last_area_dm2));
    *last->mutable_amount() = Roubles(*forecast.last_net);
    last->set_basis(forecast.last_basis);
  }
  auto* stage = out.add_baselines();
  stage->set_method("stage_weighted");
  stage->set_area_dm2(Round(forecast.stage_area_dm2));
  *stage->mutable_amount() = Roubles(forecast.stage_net);
  stage->set_basis("COLD 10%, COOL 25%, WARM 50%, HOT 75% of the average sale");
  for (const std::string& name : forecast.learnt_from) {
    out.add_learnt_from(name);
  }
  out.set_conversion_source(forecast.conversion_source);
  return out;
}

crm::analytics::v1::ForecastBacktest BacktestMessage(const Backtest& backtest,
                                                     const std::string& project) {
  crm::analytics::v1::ForecastBacktest out;
  out.set_project(project);
  for (const HorizonSummary& h : backtest.horizons) {
    auto* row = out.add_horizons();
    row->set_weeks_before_opening(h.weeks);
    row->set_editions(h.editions);
    row->set_model_wape_area_bp(h.model_area_bp);
    row->set_last_edition_wape_area_bp(h.last_area_bp);
    row->set_stage_weighted_wape_area_bp(h.stage_area_bp);
    row->set_model_wape_amount_bp(h.model_net_bp);
    row->set_last_edition_wape_amount_bp(h.last_net_bp);
    row->set_stage_weighted_wape_amount_bp(h.stage_net_bp);
    row->set_area_coverage_bp(h.area_coverage_bp);
    row->set_amount_coverage_bp(h.net_coverage_bp);
  }
  for (const BacktestEntry& e : backtest.entries) {
    auto* row = out.add_forecasts();
    row->set_edition(e.edition);
    row->set_weeks_before_opening(e.weeks);
    row->set_actual_area_dm2(e.actual_area_dm2);
    SetArea(e.forecast.area_dm2, row->mutable_area());
    row->set_last_edition_area_dm2(Round(e.forecast.last_area_dm2.value_or(0)));
    row->set_stage_weighted_area_dm2(Round(e.forecast.stage_area_dm2));
    *row->mutable_actual_amount() = Roubles(static_cast<double>(e.actual_net));
    SetMoney(e.forecast.net, row->mutable_amount());
    *row->mutable_last_edition_amount() = Roubles(e.forecast.last_net.value_or(0));
    *row->mutable_stage_weighted_amount() = Roubles(e.forecast.stage_net);
  }
  return out;
}

}  // namespace crm::analytics::domain
