#include "services/analytics/domain/forecast.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "common/core/errors.h"
#include "common/core/share.h"

namespace crm::analytics::domain {
namespace {

constexpr std::array<const char*, kLevelCount> kLevelNames = {
    "READINESS_LEVEL_COLD", "READINESS_LEVEL_COOL", "READINESS_LEVEL_WARM", "READINESS_LEVEL_HOT"};

// z of the normal distribution's 90th percentile: an 80% central range is ±z·σ.
constexpr double kZ80 = 1.2815515655446004;

// What an edition looked like at a moment: only facts recorded by then.
struct Snapshot {
  int64_t sold_count = 0;
  int64_t sold_area = 0;
  int64_t sold_net = 0;
  std::set<std::string> buyers;
  // The latest level of each client with no sale yet.
  std::map<std::string, int> level;
  // Stands held at the moment for clients with no sale yet.
  std::vector<const StandFact*> held;
};

Snapshot SnapshotAt(const EditionFacts& facts, int64_t at_us) {
  Snapshot s;
  for (const SaleFact& sale : facts.sales) {
    if (sale.time_us <= at_us) {
      ++s.sold_count;
      s.sold_area += sale.area_dm2;
      s.sold_net += sale.net;
      s.buyers.insert(sale.client);
    }
  }
  std::map<std::string, std::pair<int64_t, int>> latest;
  for (const Assessment& a : facts.assessments) {
    if (a.time_us > at_us || s.buyers.contains(a.client)) {
      continue;
    }
    auto [it, inserted] = latest.try_emplace(a.client, a.time_us, a.level);
    if (!inserted && a.time_us >= it->second.first) {
      it->second = {a.time_us, a.level};
    }
  }
  for (const auto& [client, at] : latest) {
    s.level.emplace(client, at.second);
  }
  std::map<std::string, const StandFact*> last_change;
  for (const StandFact& change : facts.stands) {
    if (change.time_us > at_us) {
      continue;
    }
    auto [it, inserted] = last_change.try_emplace(change.stand, &change);
    if (!inserted && change.time_us >= it->second->time_us) {
      it->second = &change;
    }
  }
  for (const auto& [stand, change] : last_change) {
    if (change->state == StandState::kHeld &&
        (change->expire_us == 0 || change->expire_us > at_us) &&
        !s.buyers.contains(change->client)) {
      s.held.push_back(change);
    }
  }
  return s;
}

// Clients an edition knows at a moment: who bought, who is assessed, who holds a stand.
int64_t KnownClients(const Snapshot& s) {
  std::set<std::string> known = s.buyers;
  for (const auto& [client, level] : s.level) {
    known.insert(client);
  }
  for (const StandFact* hold : s.held) {
    known.insert(hold->client);
  }
  return static_cast<int64_t>(known.size());
}

// How many of a kind of pipeline entry bought, per past edition and over all of them. A rate of
// buyers among entries that each buy or not is binomial; the rate of new buyers per known client
// (who were not in the pipeline at all) is a count, Poisson.
struct Rate {
  bool poisson = false;
  int64_t n = 0;
  int64_t k = 0;
  std::vector<std::pair<int64_t, int64_t>> per_edition;  // (n, k) of editions with n > 0

  void Add(int64_t edition_n, int64_t edition_k) {
    if (edition_n == 0) {
      return;
    }
    n += edition_n;
    k += edition_k;
    per_edition.emplace_back(edition_n, edition_k);
  }
  double P() const { return n == 0 ? 0.0 : static_cast<double>(k) / static_cast<double>(n); }
  // The variance of one entry's outcome.
  double Spread() const {
    const double p = P();
    return poisson ? p : p * (1 - p);
  }
  // The edition-to-edition variance of the true rate beyond sampling (method of moments, 0 with
  // fewer than two editions).
  double BetweenEditions() const {
    if (per_edition.size() < 2) {
      return 0.0;
    }
    const double p = P();
    double squares = 0;
    double inverse_n = 0;
    for (const auto& [en, ek] : per_edition) {
      const double r = static_cast<double>(ek) / static_cast<double>(en);
      squares += (r - p) * (r - p);
      inverse_n += 1.0 / static_cast<double>(en);
    }
    const auto m = static_cast<double>(per_edition.size());
    return std::max(0.0, squares / (m - 1) - Spread() * inverse_n / m);
  }
  // The variance of the number of buyers among `count` entries: each buys or not at the rate,
  // which is itself uncertain (estimated from n, and varying from edition to edition).
  double CountVariance(double count) const { return WeightedVariance(count, count); }
  // The same for entries of different weights (held stands of their areas): Σw and Σw².
  double WeightedVariance(double sum, double sum_of_squares) const {
    double v = sum_of_squares * Spread();
    if (n > 0) {
      v += sum * sum * (Spread() / static_cast<double>(n) + BetweenEditions());
    }
    return v;
  }
};

struct Learnt {
  std::array<Rate, kLevelCount> levels;
  Rate holds;
  // Buyers after the moment who were neither in the pipeline nor holding a stand then, per
  // client known at the moment (bought, assessed or holding).
  Rate newcomers{.poisson = true};
  int64_t sales = 0;
  double area = 0;
  double area_squares = 0;
  // Net per dm² of the latest edition learnt from (by opening).
  int64_t latest_open_us = 0;
  double latest_price = 0;
  std::vector<std::string> editions;

  int64_t Observations() const {
    int64_t n = holds.n;
    for (const Rate& r : levels) {
      n += r.n;
    }
    return n;
  }
};

// What `past` teaches for a forecast `offset_us` before an opening, from the facts known at
// `known_us`: who of its pipeline at the same distance from its own opening bought, and the
// size of its sales.
void Learn(const EditionFacts& past, int64_t offset_us, int64_t known_us, Learnt& out) {
  const Snapshot then = SnapshotAt(past, past.edition.open_us - offset_us);
  const Snapshot known = SnapshotAt(past, known_us);
  std::set<std::string> holding;
  int64_t hold_k = 0;
  for (const StandFact* hold : then.held) {
    holding.insert(hold->client);
    hold_k += known.buyers.contains(hold->client) ? 1 : 0;
  }
  out.holds.Add(static_cast<int64_t>(then.held.size()), hold_k);
  std::array<int64_t, kLevelCount> n{};
  std::array<int64_t, kLevelCount> k{};
  for (const auto& [client, level] : then.level) {
    if (holding.contains(client)) {
      continue;
    }
    ++n[static_cast<size_t>(level)];
    k[static_cast<size_t>(level)] += known.buyers.contains(client) ? 1 : 0;
  }
  for (size_t l = 0; l < kLevelCount; ++l) {
    out.levels[l].Add(n[l], k[l]);
  }
  int64_t newcomers = 0;
  for (const std::string& buyer : known.buyers) {
    if (!then.buyers.contains(buyer) && !then.level.contains(buyer) && !holding.contains(buyer)) {
      ++newcomers;
    }
  }
  out.newcomers.Add(KnownClients(then), newcomers);
  for (const SaleFact& sale : past.sales) {
    if (sale.time_us <= known_us) {
      ++out.sales;
      const auto a = static_cast<double>(sale.area_dm2);
      out.area += a;
      out.area_squares += a * a;
    }
  }
  if (known.sold_area > 0 && (out.editions.empty() || past.edition.open_us > out.latest_open_us)) {
    out.latest_open_us = past.edition.open_us;
    out.latest_price = static_cast<double>(known.sold_net) / static_cast<double>(known.sold_area);
  }
  out.editions.push_back(past.edition.name);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

Ranged WithRange(double point, double variance, double floor) {
  const double half = kZ80 * std::sqrt(std::max(0.0, variance));
  return {point, std::max(floor, point - half), point + half};
}

// The latest edition of the project that opened by `as_of_us`, other than `edition`.
const EditionFacts* LastEdition(const FactBase& facts, const EditionInfo& edition,
                                int64_t as_of_us) {
  const EditionFacts* last = nullptr;
  for (const auto& [name, past] : facts) {
    if (name == edition.name || past.edition.project != edition.project ||
        past.edition.open_us > as_of_us) {
      continue;
    }
    if (last == nullptr || past.edition.open_us > last->edition.open_us) {
      last = &past;
    }
  }
  return last;
}

// "Same as the last edition at this point": what the edition has sold plus what the last
// edition sold from the same distance before its opening to its end. (Scaling by the last
// edition's final over its sold-at-this-point instead explodes when that edition had sold little
// by then: at 12 weeks its WAPE on the demo history was 85%.)
void LastEditionBaseline(const FactBase& facts, const EditionInfo& edition, int64_t as_of_us,
                         const Snapshot& now, Forecast& out) {
  const EditionFacts* last = LastEdition(facts, edition, as_of_us);
  if (last == nullptr) {
    return;
  }
  const int64_t offset = edition.open_us - as_of_us;
  const Snapshot then = SnapshotAt(*last, last->edition.open_us - offset);
  const Snapshot closing = SnapshotAt(*last, as_of_us);
  out.last_area_dm2 = static_cast<double>(now.sold_area + closing.sold_area - then.sold_area);
  out.last_net = static_cast<double>(now.sold_net + closing.sold_net - then.sold_net);
  out.last_basis = last->edition.name + " (sold so far + what it sold from this point on)";
}

}  // namespace

std::optional<int> LevelIndex(std::string_view level) {
  constexpr std::string_view kPrefix = "READINESS_LEVEL_";
  if (level.starts_with(kPrefix)) {
    level.remove_prefix(kPrefix.size());
  }
  for (int i = 0; i < kLevelCount; ++i) {
    if (std::string_view(kLevelNames[static_cast<size_t>(i)]).substr(kPrefix.size()) == level) {
      return i;
    }
  }
  return std::nullopt;
}

std::string LevelName(int index) { return kLevelNames.at(static_cast<size_t>(index)); }

Forecast ForecastEdition(const FactBase& facts, const std::string& edition, int64_t as_of_us) {
  const EditionFacts& target = facts.at(edition);
  const int64_t offset = target.edition.open_us - as_of_us;

  Learnt project;
  Learnt all;
  for (const auto& [name, past] : facts) {
    if (name == edition || past.edition.open_us > as_of_us) {
      continue;
    }
    Learn(past, offset, as_of_us, all);
    if (past.edition.project == target.edition.project) {
      Learn(past, offset, as_of_us, project);
    }
  }
  const bool own = project.Observations() >= kMinProjectObservations && project.sales > 0;
  const Learnt& learnt = own ? project : all;
  if (learnt.sales == 0) {
    throw common::PreconditionError(
        "NO_HISTORY", "no edition that opened by as_of has a sale to learn from", edition);
  }

  Forecast f;
  f.edition = edition;
  f.as_of_us = as_of_us;
  f.weeks_before = static_cast<int>(FloorDiv(offset, kMicrosPerWeek));
  f.learnt_from = learnt.editions;
  f.conversion_source = own ? "project" : "all_projects";

  const auto sales = static_cast<double>(learnt.sales);
  const double mean_area = learnt.area / sales;
  const double var_area = std::max(0.0, learnt.area_squares / sales - mean_area * mean_area);

  const Snapshot now = SnapshotAt(target, as_of_us);
  // Money per dm² of what is still to be sold: the edition's own sales so far (its price list
  // and discounts), else the latest past edition's.
  const double price = now.sold_area > 0
                           ? static_cast<double>(now.sold_net) / static_cast<double>(now.sold_area)
                           : learnt.latest_price;
  double area = static_cast<double>(now.sold_area);
  double area_variance = 0;
  f.components.push_back({"sold", now.sold_count, 1.0, 0, area, static_cast<double>(now.sold_net)});
  auto add = [&](std::string key, int64_t count, const Rate& rate, double a, double variance) {
    area += a;
    area_variance += variance;
    f.components.push_back({std::move(key), count, rate.P(), rate.n, a, a * price});
  };

  // Held stands: their own area, at the conversion of holds (of HOT clients when no past hold is
  // known).
  const Rate& holds = learnt.holds.n > 0 ? learnt.holds : learnt.levels[kLevelCount - 1];
  std::set<std::string> holding;
  double held_area = 0;
  double held_area_squares = 0;
  for (const StandFact* hold : now.held) {
    holding.insert(hold->client);
    const auto a = static_cast<double>(hold->area_dm2);
    held_area += a;
    held_area_squares += a * a;
  }
  add("held_stands", static_cast<int64_t>(now.held.size()), holds, held_area * holds.P(),
      holds.WeightedVariance(held_area, held_area_squares));

  // The open pipeline, by the level each client holds now, at the average past sale.
  std::array<int64_t, kLevelCount> pipeline{};
  std::array<int64_t, kLevelCount> assessed{};
  for (const auto& [client, level] : now.level) {
    ++assessed[static_cast<size_t>(level)];
    if (!holding.contains(client)) {
      ++pipeline[static_cast<size_t>(level)];
    }
  }
  auto buyers_of = [&](const std::string& key, int64_t count, const Rate& rate) {
    const auto n = static_cast<double>(count);
    const double buyers = n * rate.P();
    add(key, count, rate, buyers * mean_area,
        rate.CountVariance(n) * mean_area * mean_area + buyers * var_area);
  };
  for (int l = kLevelCount - 1; l >= 0; --l) {
    buyers_of(LevelName(l), pipeline[static_cast<size_t>(l)],
              learnt.levels[static_cast<size_t>(l)]);
  }
  // Clients not in the pipeline yet who will buy: per client the edition knows now, as many as
  // past editions got per client they knew at the same point.
  buyers_of("new_clients", KnownClients(now), learnt.newcomers);

  f.area_dm2 = WithRange(area, area_variance, static_cast<double>(now.sold_area));
  const auto sold_net = static_cast<double>(now.sold_net);
  f.net = WithRange(sold_net + (area - static_cast<double>(now.sold_area)) * price,
                    area_variance * price * price, sold_net);

  // The stage-weighted pipeline: every assessed client without a sale at the fixed probability
  // of their level, at the same average sale and price.
  f.stage_area_dm2 = static_cast<double>(now.sold_area);
  for (size_t l = 0; l < kLevelCount; ++l) {
    f.stage_area_dm2 += static_cast<double>(assessed[l]) * kStageProbability[l] * mean_area;
  }
  f.stage_net = sold_net + (f.stage_area_dm2 - static_cast<double>(now.sold_area)) * price;
  LastEditionBaseline(facts, target.edition, as_of_us, now, f);
  return f;
}

int32_t WapeBp(const std::vector<double>& actual, const std::vector<double>& forecast) {
  double errors = 0;
  double total = 0;
  for (size_t i = 0; i < actual.size() && i < forecast.size(); ++i) {
    errors += std::abs(actual[i] - forecast[i]);
    total += actual[i];
  }
  if (total <= 0) {
    return 0;
  }
  return static_cast<int32_t>(std::llround(errors * 10000.0 / total));
}

Backtest RunBacktest(const FactBase& facts, const std::string& project, int64_t now_us) {
  Backtest result;
  for (int weeks : kBacktestWeeks) {
    HorizonSummary summary;
    summary.weeks = weeks;
    std::vector<double> actual_area;
    std::vector<double> actual_net;
    std::vector<double> model_area;
    std::vector<double> model_net;
    std::vector<double> last_area;
    std::vector<double> last_net;
    std::vector<double> stage_area;
    std::vector<double> stage_net;
    int area_inside = 0;
    int net_inside = 0;
    for (const auto& [name, facts_of] : facts) {
      const EditionInfo& e = facts_of.edition;
      if ((!project.empty() && e.project != project) || e.open_us > now_us) {
        continue;
      }
      const Snapshot closing = SnapshotAt(facts_of, now_us);
      if (closing.sold_area <= 0) {
        continue;
      }
      const int64_t as_of = e.open_us - weeks * kMicrosPerWeek;
      if (LastEdition(facts, e, as_of) == nullptr) {
        continue;
      }
      Forecast forecast;
      try {
        forecast = ForecastEdition(facts, name, as_of);
      } catch (const common::PreconditionError&) {
        continue;  // nothing to learn from yet
      }
      const auto area = static_cast<double>(closing.sold_area);
      const auto net = static_cast<double>(closing.sold_net);
      actual_area.push_back(area);
      actual_net.push_back(net);
      model_area.push_back(forecast.area_dm2.point);
      model_net.push_back(forecast.net.point);
      last_area.push_back(forecast.last_area_dm2.value_or(0));
      last_net.push_back(forecast.last_net.value_or(0));
      stage_area.push_back(forecast.stage_area_dm2);
      stage_net.push_back(forecast.stage_net);
      area_inside += area >= forecast.area_dm2.low && area <= forecast.area_dm2.high ? 1 : 0;
      net_inside += net >= forecast.net.low && net <= forecast.net.high ? 1 : 0;
      result.entries.push_back(
          {name, weeks, closing.sold_area, closing.sold_net, std::move(forecast)});
    }
    summary.editions = static_cast<int>(actual_area.size());
    summary.model_area_bp = WapeBp(actual_area, model_area);
    summary.last_area_bp = WapeBp(actual_area, last_area);
    summary.stage_area_bp = WapeBp(actual_area, stage_area);
    summary.model_net_bp = WapeBp(actual_net, model_net);
    summary.last_net_bp = WapeBp(actual_net, last_net);
    summary.stage_net_bp = WapeBp(actual_net, stage_net);
    summary.area_coverage_bp = common::ShareBp(area_inside, summary.editions);
    summary.net_coverage_bp = common::ShareBp(net_inside, summary.editions);
    result.horizons.push_back(summary);
  }
  return result;
}

}  // namespace crm::analytics::domain
