#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The forecast of an edition's sales, its two baselines and its backtest (services/analytics/
// README.md, "Forecast", has the method). Pure: the store hands in every fact it has (projected
// and imported), each function uses only the facts known at the moment it forecasts from.
namespace crm::analytics::domain {

inline constexpr int64_t kMicrosPerDay = 86'400'000'000;
inline constexpr int64_t kMicrosPerWeek = 7 * kMicrosPerDay;

// COLD, COOL, WARM, HOT: index 0..3.
inline constexpr int kLevelCount = 4;
// The index of "READINESS_LEVEL_HOT" (or "HOT"); nullopt for anything else.
std::optional<int> LevelIndex(std::string_view level);
// "READINESS_LEVEL_COLD" ... "READINESS_LEVEL_HOT".
std::string LevelName(int index);

// The stage probabilities of the stage-weighted baseline, by level (what the big CRMs ship as
// their default stage probabilities): COLD 10%, COOL 25%, WARM 50%, HOT 75%.
inline constexpr std::array<double, kLevelCount> kStageProbability = {0.10, 0.25, 0.50, 0.75};

// The horizons the backtest forecasts at, in weeks before the opening.
inline constexpr std::array<int, 4> kBacktestWeeks = {12, 8, 4, 2};

// Below this many pipeline observations in the edition's own project's past editions, the
// conversion is learnt from every project's.
inline constexpr int64_t kMinProjectObservations = 30;

// The opening moment of an edition starting on `date`: its midnight, UTC, in microseconds.
inline int64_t OpeningMicros(std::chrono::year_month_day date) {
  return std::chrono::sys_days{date}.time_since_epoch().count() * kMicrosPerDay;
}

struct EditionInfo {
  std::string name;     // "projects/{p}/editions/{e}"
  std::string project;  // "projects/{p}"
  std::string display_name;
  std::string start_date;  // "YYYY-MM-DD"
  int64_t open_us = 0;     // the start date's midnight, UTC, in microseconds
};

struct Assessment {
  std::string client;
  int level = 0;  // LevelIndex
  int64_t time_us = 0;
};

struct SaleFact {
  std::string client;
  int64_t time_us = 0;
  int64_t area_dm2 = 0;
  int64_t net = 0;  // kopecks
};

enum class StandState { kHeld, kSold, kReleased };

struct StandFact {
  std::string stand;
  std::string client;
  StandState state = StandState::kHeld;
  int64_t area_dm2 = 0;
  int64_t time_us = 0;
  int64_t expire_us = 0;  // a hold's end; 0 for none
};

struct EditionFacts {
  EditionInfo edition;
  std::vector<Assessment> assessments;
  std::vector<SaleFact> sales;
  std::vector<StandFact> stands;
};

// Every edition with an opening date, by name.
using FactBase = std::map<std::string, EditionFacts>;

// A figure and its 80% range.
struct Ranged {
  double point = 0;
  double low = 0;
  double high = 0;
};

// One part of the forecast: "sold", "held_stands" or a level's name.
struct Component {
  std::string key;
  int64_t count = 0;
  double conversion = 0;
  int64_t observations = 0;
  double area_dm2 = 0;
  double net = 0;
};

struct Forecast {
  std::string edition;
  int64_t as_of_us = 0;
  int weeks_before = 0;  // whole weeks from as_of to the opening, rounded down
  Ranged area_dm2;
  Ranged net;
  std::vector<Component> components;
  // "Same as the last edition at this point"; absent when the project has no edition that
  // opened by as_of.
  std::optional<double> last_area_dm2;
  std::optional<double> last_net;
  std::string last_basis;
  // The stage-weighted pipeline.
  double stage_area_dm2 = 0;
  double stage_net = 0;
  std::vector<std::string> learnt_from;
  std::string conversion_source;  // "project" or "all_projects"
};

// The forecast of `edition` (which must be in `facts`) as of `as_of_us`, learnt from the other
// editions that had opened by then, from what was known by then. Throws
// common::PreconditionError (NO_HISTORY) when no such edition has a sale to learn from.
Forecast ForecastEdition(const FactBase& facts, const std::string& edition, int64_t as_of_us);

struct BacktestEntry {
  std::string edition;
  int weeks = 0;
  int64_t actual_area_dm2 = 0;
  int64_t actual_net = 0;
  Forecast forecast;
};

struct HorizonSummary {
  int weeks = 0;
  int editions = 0;
  // WAPE in basis points; coverage: share of actuals inside the 80% range, in basis points.
  int32_t model_area_bp = 0, last_area_bp = 0, stage_area_bp = 0;
  int32_t model_net_bp = 0, last_net_bp = 0, stage_net_bp = 0;
  int32_t area_coverage_bp = 0, net_coverage_bp = 0;
};

struct Backtest {
  std::vector<HorizonSummary> horizons;  // one per kBacktestWeeks, in that order
  std::vector<BacktestEntry> entries;
};

// For every edition of `project` ("" for all) that opened by `now_us` and sold something: its
// forecasts kBacktestWeeks before its opening (ForecastEdition, so each learns only from what
// was known then) beside what it sold. An edition is forecast at a horizon when its project had
// an earlier edition open by then (the last-edition baseline needs one) and the forecast has
// history to learn from.
Backtest RunBacktest(const FactBase& facts, const std::string& project, int64_t now_us);

// Σ|actual − forecast| / Σ actual in basis points, rounded; 0 when Σ actual is 0.
int32_t WapeBp(const std::vector<double>& actual, const std::vector<double>& forecast);

}  // namespace crm::analytics::domain
