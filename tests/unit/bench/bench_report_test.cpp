#include "tools/bench/bench_report.h"

#include <gtest/gtest.h>

#include <cmath>

namespace crm::bench {
namespace {

Figure Latency(double value, Goal goal, double raw = std::nan("")) {
  return {.name = "search p99", .value = value, .unit = "ms", .goal = goal, .raw = raw};
}

Figure Throughput(double value, Goal goal, double raw) {
  return {.name = "relay",
          .value = value,
          .unit = "events/s",
          .better = Better::kHigher,
          .goal = goal,
          .raw = raw};
}

TEST(BenchReportTest, AnAbsoluteGoalComparesTheValueInTheDirectionItImproves) {
  EXPECT_TRUE(GoalMet(Latency(19.9, Goal::Value(20))));
  EXPECT_FALSE(GoalMet(Latency(20, Goal::Value(20))));
  EXPECT_TRUE(GoalMet(Throughput(20000, Goal::Value(20000), 1)));
  EXPECT_FALSE(GoalMet(Throughput(19999, Goal::Value(20000), 1)));
}

TEST(BenchReportTest, ARatioGoalComparesTheValueOverTheRaw) {
  EXPECT_TRUE(GoalMet(Throughput(60, Goal::RatioToRaw(0.6), 100)));
  EXPECT_FALSE(GoalMet(Throughput(59, Goal::RatioToRaw(0.6), 100)));
  EXPECT_DOUBLE_EQ(RatioToRaw(Throughput(30, Goal::None(), 120)), 0.25);
  // Without a raw there is no ratio, and a goal that needs one is not met.
  EXPECT_TRUE(std::isnan(RatioToRaw(Latency(5, Goal::None()))));
  EXPECT_FALSE(GoalMet(Latency(5, Goal::RatioToRaw(2))));
}

TEST(BenchReportTest, AnOverRawGoalComparesTheMarginOverTheRaw) {
  EXPECT_TRUE(GoalMet(Latency(11.5, Goal::OverRaw(2), 10)));
  EXPECT_FALSE(GoalMet(Latency(12.5, Goal::OverRaw(2), 10)));
}

TEST(BenchReportTest, TheLineIsOneJsonObjectAfterItsPrefix) {
  Figure figure = Throughput(16785, Goal::RatioToRaw(0.6), 57166);
  figure.raw_name = "raw \"async\" publish";
  figure.scale = "20000 events";
  EXPECT_EQ(FigureLine(figure),
            "crm-bench-figure {\"name\":\"relay\",\"value\":16785,\"unit\":\"events/s\","
            "\"better\":\"higher\",\"raw\":57166,\"raw_name\":\"raw \\\"async\\\" publish\","
            "\"ratio\":0.293619,\"goal_of\":\"ratio_to_raw\",\"goal\":0.6,\"met\":false,"
            "\"scale\":\"20000 events\"}");
  // A figure without a goal or a raw has nulls there.
  EXPECT_EQ(FigureLine({.name = "enqueue", .value = 1.5, .unit = "s"}),
            "crm-bench-figure {\"name\":\"enqueue\",\"value\":1.5,\"unit\":\"s\","
            "\"better\":\"lower\",\"raw\":null,\"raw_name\":\"\",\"ratio\":null,"
            "\"goal_of\":\"none\",\"goal\":null,\"met\":null,\"scale\":\"\"}");
}

}  // namespace
}  // namespace crm::bench
