// The forecast's arithmetic on a small history computed by hand.

#include "services/analytics/domain/forecast.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/core/errors.h"

namespace crm::analytics::domain {
namespace {

using ::testing::ElementsAre;

constexpr int kCold = 0;
constexpr int kCool = 1;
constexpr int kWarm = 2;
constexpr int kHot = 3;

constexpr char kA[] = "projects/p/editions/a";
constexpr char kB[] = "projects/p/editions/b";
constexpr char kC[] = "projects/p/editions/c";

// Days since the epoch to microseconds.
int64_t Day(int64_t days) { return days * kMicrosPerDay; }

void AddEdition(FactBase& facts, const std::string& name, int64_t open_day) {
  facts[name].edition = {name, "projects/p", name.substr(name.size() - 1), "", Day(open_day)};
}

// Two past editions and the one forecast (c, opening on day 1000, forecast 4 weeks before):
//   a (opens day 300), 4 weeks before: a0 had bought (1500 dm², 150 000); a1, a2 HOT, a3, a4
//     WARM, a5 COLD; a1 (1000, 100 000) and a3 (2000, 200 000) bought later.
//   b (opens day 650), 4 weeks before: b0 had bought (600, 60 000); b1 HOT, b2 WARM; b1 bought
//     later (1200, 120 000).
//   c as of day 972: c0 bought (1000, 110 000); c1 HOT, c2 and c3 WARM, c4 COOL.
FactBase SmallHistory() {
  FactBase f;
  AddEdition(f, kA, 300);
  AddEdition(f, kB, 650);
  AddEdition(f, kC, 1000);
  auto& a = f[kA];
  a.assessments = {{"a1", kWarm, Day(250)}, {"a1", kHot, Day(260)},  {"a2", kHot, Day(260)},
                   {"a3", kWarm, Day(260)}, {"a4", kWarm, Day(260)}, {"a5", kCold, Day(260)}};
  a.sales = {{"a0", Day(240), 1500, 150'000},
             {"a1", Day(280), 1000, 100'000},
             {"a3", Day(290), 2000, 200'000}};
  auto& b = f[kB];
  b.assessments = {{"b1", kHot, Day(600)}, {"b2", kWarm, Day(600)}};
  b.sales = {{"b0", Day(608), 600, 60'000}, {"b1", Day(640), 1200, 120'000}};
  auto& c = f[kC];
  c.assessments = {{"c1", kHot, Day(960)},
                   {"c2", kWarm, Day(960)},
                   {"c3", kWarm, Day(960)},
                   {"c4", kCool, Day(960)},
                   {"c5", kHot, Day(990)}};  // after as_of: not known yet
  c.sales = {{"c0", Day(950), 1000, 110'000}, {"c5", Day(995), 5000, 500'000}};
  return f;
}

TEST(ForecastTest, ComputesTheHandCalculatedForecastAndBaselines) {
  const Forecast f = ForecastEdition(SmallHistory(), kC, Day(972));
  // Conversion: HOT 2 of 3 (a1, a2, b1), WARM 1 of 3 (a3, a4, b2), COLD 0 of 1; the average
  // sale: 5 sales, 6300 dm², 630 000 → 1260 dm², 126 000.
  // m²: 1000 + (1 × 2/3 + 2 × 1/3) × 1260 = 2680; nobody bought in a or b without being in
  // their pipeline, so no new clients. Money: what c sold, 110 000, and the 1680 dm² still to
  // sell at c's own 110 per dm²: 294 800.
  EXPECT_NEAR(f.area_dm2.point, 2680.0, 1e-6);
  EXPECT_NEAR(f.net.point, 294'800.0, 1e-6);
  EXPECT_EQ(f.weeks_before, 4);
  EXPECT_THAT(f.learnt_from, ElementsAre(kA, kB));
  EXPECT_EQ(f.conversion_source, "all_projects");  // 7 observations are too few for "project"
  ASSERT_EQ(f.components.size(), 7U);
  EXPECT_EQ(f.components[0].key, "sold");
  EXPECT_EQ(f.components[0].count, 1);
  EXPECT_EQ(f.components[1].key, "held_stands");
  EXPECT_EQ(f.components[1].count, 0);
  EXPECT_EQ(f.components[2].key, "READINESS_LEVEL_HOT");
  EXPECT_EQ(f.components[2].count, 1);
  EXPECT_NEAR(f.components[2].conversion, 2.0 / 3, 1e-9);
  EXPECT_EQ(f.components[2].observations, 3);
  EXPECT_EQ(f.components[3].key, "READINESS_LEVEL_WARM");
  EXPECT_EQ(f.components[3].count, 2);
  EXPECT_NEAR(f.components[3].conversion, 1.0 / 3, 1e-9);
  EXPECT_EQ(f.components[4].key, "READINESS_LEVEL_COOL");
  EXPECT_EQ(f.components[4].observations, 0);
  EXPECT_EQ(f.components[5].key, "READINESS_LEVEL_COLD");
  EXPECT_EQ(f.components[5].observations, 1);
  EXPECT_EQ(f.components[6].key, "new_clients");
  EXPECT_EQ(f.components[6].count, 5);         // c0 to c4
  EXPECT_EQ(f.components[6].observations, 9);  // a: a0 to a5, b: b0 to b2
  EXPECT_EQ(f.components[6].conversion, 0.0);
  // The range holds the point and never goes below what is sold.
  EXPECT_LT(f.area_dm2.low, f.area_dm2.point);
  EXPECT_GT(f.area_dm2.high, f.area_dm2.point);
  EXPECT_GE(f.area_dm2.low, 1000.0);
  EXPECT_GE(f.net.low, 110'000.0);
  // Stage-weighted: 1000 + (0.75 + 2 × 0.5 + 0.25) × 1260 = 3520; 110 000 + 2520 × 110.
  EXPECT_NEAR(f.stage_area_dm2, 3520.0, 1e-6);
  EXPECT_NEAR(f.stage_net, 387'200.0, 1e-6);
  // Last edition (b): c's 1000 + the 1200 b sold after this point (1800 in all, 600 by then);
  // money alike.
  ASSERT_TRUE(f.last_area_dm2.has_value());
  EXPECT_NEAR(*f.last_area_dm2, 2200.0, 1e-6);
  EXPECT_NEAR(*f.last_net, 230'000.0, 1e-6);
}

TEST(ForecastTest, AHeldStandCountsItsAreaAtTheHoldConversion) {
  FactBase facts = SmallHistory();
  facts[kC].stands = {{"s1", "c1", StandState::kHeld, 900, Day(965), 0},
                      {"s2", "c2", StandState::kHeld, 800, Day(965), Day(970)}};  // expired
  const Forecast f = ForecastEdition(facts, kC, Day(972));
  // No past hold: HOT's 2/3 of the stand's 900 dm²; c1 leaves the pipeline, c2 stays in it.
  // 1000 + 600 + 2 × 1/3 × 1260 = 2440.
  EXPECT_NEAR(f.area_dm2.point, 2440.0, 1e-6);
  EXPECT_EQ(f.components[1].count, 1);
  EXPECT_EQ(f.components[2].count, 0);
}

TEST(ForecastTest, LearnsNothingFromWhatWasNotKnownAtAsOf) {
  const Forecast before = ForecastEdition(SmallHistory(), kC, Day(972));
  FactBase facts = SmallHistory();
  // a2 bought after as_of; an edition opening between as_of and c's opening.
  facts[kA].sales.push_back({"a2", Day(980), 9000, 900'000});
  AddEdition(facts, "projects/p/editions/d", 985);
  facts["projects/p/editions/d"].assessments = {{"d1", kHot, Day(950)}};
  facts["projects/p/editions/d"].sales = {{"d2", Day(950), 9000, 900'000}};
  const Forecast after = ForecastEdition(facts, kC, Day(972));
  EXPECT_DOUBLE_EQ(after.area_dm2.point, before.area_dm2.point);
  EXPECT_DOUBLE_EQ(after.area_dm2.high, before.area_dm2.high);
  EXPECT_DOUBLE_EQ(after.net.point, before.net.point);
  EXPECT_EQ(after.learnt_from, before.learnt_from);
}

TEST(ForecastTest, BuyersFromOutsideThePipelineAreLearntPerKnownClient) {
  FactBase facts = SmallHistory();
  // In a, two clients nobody had assessed 4 weeks before bought later: 2 per 6 known clients
  // (a0 to a5) and 0 per 3 in b: 2/9 per known client, 5 known in c (c0 to c4).
  facts[kA].sales.push_back({"x1", Day(285), 1000, 100'000});
  facts[kA].sales.push_back({"x2", Day(286), 1000, 100'000});
  const Forecast f = ForecastEdition(facts, kC, Day(972));
  EXPECT_EQ(f.components[6].key, "new_clients");
  EXPECT_NEAR(f.components[6].conversion, 2.0 / 9, 1e-9);
  // 7 sales of 8300 dm² now: 5 × 2/9 × 8300/7.
  EXPECT_NEAR(f.components[6].area_dm2, 5 * 2.0 / 9 * 8300 / 7, 1e-6);
}

TEST(ForecastTest, WithoutAPastSaleThereIsNothingToLearnFrom) {
  FactBase facts = SmallHistory();
  EXPECT_THROW(ForecastEdition(facts, kA, Day(280)), common::PreconditionError);
}

TEST(ForecastTest, BacktestsEveryPastEditionWithAnEarlierOne) {
  FactBase facts = SmallHistory();
  // c opened (day 1000) and "now" is day 1100: b and c are backtested (a has no earlier edition).
  const Backtest bt = RunBacktest(facts, "", Day(1100));
  ASSERT_EQ(bt.horizons.size(), 4U);
  EXPECT_EQ(bt.horizons[2].weeks, 4);
  EXPECT_EQ(bt.horizons[2].editions, 2);
  for (const BacktestEntry& e : bt.entries) {
    EXPECT_NE(e.edition, kA);
    EXPECT_THAT(e.forecast.learnt_from, ::testing::Not(::testing::Contains(e.edition)));
  }
  // c's 4-week forecast is the hand-computed one; its actual is everything it sold.
  for (const BacktestEntry& e : bt.entries) {
    if (e.edition == kC && e.weeks == 4) {
      EXPECT_NEAR(e.forecast.area_dm2.point, 2680.0, 1e-6);
      EXPECT_EQ(e.actual_area_dm2, 6000);
    }
  }
  EXPECT_EQ(RunBacktest(facts, "projects/other", Day(1100)).entries.size(), 0U);
}

TEST(ForecastTest, WapeIsTheAbsoluteErrorOverTheActual) {
  EXPECT_EQ(WapeBp({100, 200}, {110, 170}), 1333);
  EXPECT_EQ(WapeBp({}, {}), 0);
}

TEST(ForecastTest, ReadsLevelsWithOrWithoutTheEnumPrefix) {
  EXPECT_EQ(LevelIndex("READINESS_LEVEL_HOT"), kHot);
  EXPECT_EQ(LevelIndex("COOL"), kCool);
  EXPECT_EQ(LevelIndex("READINESS_LEVEL_UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(LevelName(kCold), "READINESS_LEVEL_COLD");
}

}  // namespace
}  // namespace crm::analytics::domain
