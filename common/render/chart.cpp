#include "common/render/chart.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "common/render/pdf.h"

namespace crm::common::render {
namespace {

constexpr double kWidth = 960;
constexpr double kHeight = 540;
constexpr double kLeft = 110;
constexpr double kRight = 24;
constexpr double kTop = 56;
constexpr double kBottom = 110;

// The series' colours, in order (then again).
constexpr double kColours[][3] = {{0.16, 0.38, 0.67},
                                  {0.93, 0.55, 0.17},
                                  {0.30, 0.62, 0.31},
                                  {0.60, 0.36, 0.65},
                                  {0.55, 0.55, 0.55}};

void Validate(const BarChart& chart) {
  if (chart.categories.empty() || chart.series.empty()) {
    throw std::invalid_argument("a chart needs categories and series");
  }
  for (const auto& series : chart.series) {
    if (series.values.size() != chart.categories.size()) {
      throw std::invalid_argument("series \"" + series.name + "\" has " +
                                  std::to_string(series.values.size()) + " values for " +
                                  std::to_string(chart.categories.size()) + " categories");
    }
  }
}

// A value on the axis: whole numbers with thin groups of thousands, or with one decimal.
std::string AxisLabel(double value) {
  char buffer[64];
  if (value >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.1f млн", value / 1e6);
  } else if (value >= 1e3 && std::fmod(value, 1e3) == 0) {
    std::snprintf(buffer, sizeof buffer, "%.0f тыс.", value / 1e3);
  } else if (std::fmod(value, 1.0) == 0) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
  }
  return buffer;
}

class Painter {
 public:
  explicit Painter(cairo_t* cr) : cr_(cr), text_(cr) {}

  // `text` at (x, y): `align` 0 left, 0.5 centred, 1 right of x; y is the text's top. Wider
  // than `max_width` (when > 0) ends in an ellipsis.
  void Text(const std::string& text, double x, double y, double size, double align,
            double max_width = 0, bool bold = false) {
    LayoutPtr layout(pango_layout_new(text_.get()));
    FontDescPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFontFamily);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    if (max_width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(max_width * PANGO_SCALE));
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    }
    int width = 0;
    int height = 0;
    pango_layout_get_pixel_size(layout.get(), &width, &height);
    cairo_move_to(cr_, x - align * width, y);
    pango_cairo_show_layout(cr_, layout.get());
  }

  void Rgb(double r, double g, double b) { cairo_set_source_rgb(cr_, r, g, b); }
  cairo_t* cr() const { return cr_; }

 private:
  cairo_t* cr_;
  TextContext text_;
};

void Draw(cairo_t* cr, const BarChart& chart) {
  Painter p(cr);
  p.Rgb(1, 1, 1);
  cairo_paint(cr);
  p.Rgb(0.1, 0.1, 0.1);
  p.Text(chart.title, kWidth / 2, 16, 18, 0.5, kWidth - 40, true);

  double max = 0;
  for (const auto& series : chart.series) {
    for (double v : series.values) {
      max = std::max(max, v);
    }
  }
  const std::vector<double> ticks = AxisTicks(max);
  const double top_value = ticks.back();
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  auto y_of = [&](double v) { return kTop + plot_height * (1 - v / top_value); };

  // The grid and the axis labels.
  cairo_set_line_width(cr, 1);
  for (double tick : ticks) {
    p.Rgb(0.85, 0.85, 0.85);
    cairo_move_to(cr, kLeft, y_of(tick));
    cairo_line_to(cr, kWidth - kRight, y_of(tick));
    cairo_stroke(cr);
    p.Rgb(0.3, 0.3, 0.3);
    p.Text(AxisLabel(tick), kLeft - 8, y_of(tick) - 8, 12, 1);
  }
  p.Text(chart.unit, kLeft - 8, kTop - 30, 12, 1);

  // The bars.
  const double group = plot_width / static_cast<double>(chart.categories.size());
  const double bar = group * 0.8 / static_cast<double>(chart.series.size());
  for (std::size_t c = 0; c < chart.categories.size(); ++c) {
    const double group_left = kLeft + group * static_cast<double>(c) + group * 0.1;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double value = std::max(0.0, chart.series[s].values[c]);
      const auto& colour = kColours[s % std::size(kColours)];
      p.Rgb(colour[0], colour[1], colour[2]);
      const double x = group_left + bar * static_cast<double>(s);
      cairo_rectangle(cr, x, y_of(value), bar * 0.92, y_of(0) - y_of(value));
      cairo_fill(cr);
    }
    p.Rgb(0.2, 0.2, 0.2);
    p.Text(chart.categories[c], kLeft + group * (static_cast<double>(c) + 0.5), y_of(0) + 6, 12,
           0.5, group - 4);
  }
  p.Rgb(0.2, 0.2, 0.2);
  cairo_move_to(cr, kLeft, y_of(0));
  cairo_line_to(cr, kWidth - kRight, y_of(0));
  cairo_stroke(cr);

  // The legend.
  double x = kLeft;
  const double y = kHeight - kBottom + 48;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& colour = kColours[s % std::size(kColours)];
    p.Rgb(colour[0], colour[1], colour[2]);
    cairo_rectangle(cr, x, y + 3, 14, 14);
    cairo_fill(cr);
    p.Rgb(0.2, 0.2, 0.2);
    p.Text(chart.series[s].name, x + 20, y, 13, 0, 220);
    x += 250;
  }
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void Check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("chart: ") + what + ": " + cairo_status_to_string(status));
  }
}

}  // namespace

std::vector<double> AxisTicks(double max) {
  if (!(max > 0)) {
    return {0, 1, 2, 3, 4};
  }
  const double raw = max / 4;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (magnitude * factor >= raw) {
      step = magnitude * factor;
      break;
    }
  }
  return {0, step, 2 * step, 3 * step, 4 * step};
}

std::string RenderChartSvg(const BarChart& chart) {
  Validate(chart);
  auto bytes = std::make_unique<std::string>();
  {
    SurfacePtr surface(cairo_svg_surface_create_for_stream(Append, bytes.get(), kWidth, kHeight));
    Check(cairo_surface_status(surface.get()), "creating the SVG surface");
    {
      CairoPtr cr(cairo_create(surface.get()));
      Draw(cr.get(), chart);
      Check(cairo_status(cr.get()), "drawing");
    }
    cairo_surface_finish(surface.get());
    Check(cairo_surface_status(surface.get()), "writing the SVG");
  }
  return std::move(*bytes);
}

std::string RenderChartPng(const BarChart& chart) {
  Validate(chart);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kWidth),
                                                static_cast<int>(kHeight)));
  Check(cairo_surface_status(surface.get()), "creating the image");
  {
    CairoPtr cr(cairo_create(surface.get()));
    Draw(cr.get(), chart);
    Check(cairo_status(cr.get()), "drawing");
  }
  std::string bytes;
  Check(cairo_surface_write_to_png_stream(surface.get(), Append, &bytes), "writing the PNG");
  return bytes;
}

}  // namespace crm::common::render
