#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

// One way for every benchmark to report a figure it measured: its name, value and unit, the raw
// baseline measured in the same run (and what that raw is), the goal the issues set and whether it
// was met. Each figure is printed as one machine-readable line, `crm-bench-figure {json}`, beside
// the benchmark's own human output; tools/bench/run collects them into one table and a JSON file
// (tools/bench/summary.py).
namespace crm::bench {

// Which way a figure improves.
enum class Better { kHigher, kLower };

// What the goal compares: the value itself (p99 < 20 ms), the value over the raw baseline's
// (relay >= 0.6x raw), or the value minus the raw baseline's (gateway p99 overhead < 2 ms).
enum class GoalOf { kNone, kValue, kRatioToRaw, kOverRaw };

struct Goal {
  GoalOf of = GoalOf::kNone;
  double limit = 0;

  static Goal None() { return {}; }
  static Goal Value(double limit) { return {GoalOf::kValue, limit}; }
  static Goal RatioToRaw(double limit) { return {GoalOf::kRatioToRaw, limit}; }
  static Goal OverRaw(double limit) { return {GoalOf::kOverRaw, limit}; }
};

struct Figure {
  std::string name;  // "client search p99" (sizes go in `scale`, so runs compare by name)
  double value = 0;
  std::string unit;  // "ms", "events/s"
  Better better = Better::kLower;
  Goal goal;
  double raw = std::nan("");  // the raw baseline's value, in `unit`; NaN when there is none
  std::string raw_name;       // what the raw is: "the same SQL over libpq"
  std::string scale;          // the data it ran on: "1000000 clients"
};

// The value over the raw baseline's (NaN without a raw).
inline double RatioToRaw(const Figure& figure) {
  if (std::isnan(figure.raw) || figure.raw == 0) {
    return std::nan("");
  }
  return figure.value / figure.raw;
}

// Whether the figure meets its goal: the goal's quantity compared with its limit in the direction
// the figure improves (a limit reached exactly counts as met for higher-is-better, as not for
// lower-is-better: "p99 < 20 ms", "throughput >= 0.7x").
inline bool GoalMet(const Figure& figure) {
  double measured = figure.value;
  switch (figure.goal.of) {
    case GoalOf::kNone:
      return true;
    case GoalOf::kValue:
      break;
    case GoalOf::kRatioToRaw:
      measured = RatioToRaw(figure);
      break;
    case GoalOf::kOverRaw:
      measured = figure.value - figure.raw;
      break;
  }
  if (std::isnan(measured)) {
    return false;
  }
  return figure.better == Better::kHigher ? measured >= figure.goal.limit
                                          : measured < figure.goal.limit;
}

inline std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline std::string JsonNumber(double value) {
  if (!std::isfinite(value)) {
    return "null";
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

inline const char* GoalOfName(GoalOf of) {
  switch (of) {
    case GoalOf::kValue:
      return "value";
    case GoalOf::kRatioToRaw:
      return "ratio_to_raw";
    case GoalOf::kOverRaw:
      return "over_raw";
    case GoalOf::kNone:
      break;
  }
  return "none";
}

// The machine-readable line of one figure.
inline std::string FigureLine(const Figure& figure) {
  const bool has_goal = figure.goal.of != GoalOf::kNone;
  std::string line = "crm-bench-figure {\"name\":" + JsonString(figure.name);
  line += ",\"value\":" + JsonNumber(figure.value);
  line += ",\"unit\":" + JsonString(figure.unit);
  line += ",\"better\":" + JsonString(figure.better == Better::kHigher ? "higher" : "lower");
  line += ",\"raw\":" + JsonNumber(figure.raw);
  line += ",\"raw_name\":" + JsonString(figure.raw_name);
  line += ",\"ratio\":" + JsonNumber(RatioToRaw(figure));
  line += ",\"goal_of\":" + JsonString(GoalOfName(figure.goal.of));
  line += ",\"goal\":" + (has_goal ? JsonNumber(figure.goal.limit) : std::string("null"));
  line += ",\"met\":" + (has_goal ? std::string(GoalMet(figure) ? "true" : "false") : "null");
  line += ",\"scale\":" + JsonString(figure.scale) + "}";
  return line;
}

// Prints the figure's line on stdout (the human output stays as each benchmark prints it).
inline void Report(const Figure& figure) {
  std::printf("%s\n", FigureLine(figure).c_str());
  std::fflush(stdout);
}

}  // namespace crm::bench
