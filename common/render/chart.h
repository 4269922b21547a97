#pragma once

#include <string>
#include <vector>

// Charts of report figures (plan vs fact, a funnel, sales beside the previous period) as SVG and
// PNG, drawn once with cairo and pango (DejaVu, as the documents) on either surface.
namespace crm::common::render {

struct ChartSeries {
  std::string name;            // the legend's label
  std::vector<double> values;  // one per category; negative values are drawn as zero
};

// Grouped vertical bars: one group per category, one bar per series, with a value axis from
// zero, the title above and the legend below.
struct BarChart {
  std::string title;
  // The values' unit on the axis ("₽", "м²", "клиентов").
  std::string unit;
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
};

// Throws std::invalid_argument for a chart without categories or series, or with a series whose
// value count differs from the categories'.
std::string RenderChartSvg(const BarChart& chart);
std::string RenderChartPng(const BarChart& chart);

// The axis ticks for values up to `max`: 0 and four more, "round" steps (1, 2, 2.5 or 5 × 10ⁿ).
std::vector<double> AxisTicks(double max);

}  // namespace crm::common::render
