#include "services/registry/render/address_labels_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>
#include <string_view>

#include "common/render/pdf.h"

namespace crm::registry {
namespace {

using common::render::CairoPtr;
using common::render::FontDescPtr;
using common::render::kFontFamily;
using common::render::kPointsPerMm;
using common::render::LayoutPtr;

constexpr double kPageWidthMm = 210.0;
constexpr double kPageHeightMm = 297.0;
constexpr double kLargestSize = 9.0;
constexpr double kSmallestSize = 6.0;
constexpr double kSizeStep = 0.5;

// One line of a label: bold for the addressee and the postal code, as post offices read them.
struct Line {
  std::string text;
  bool bold;
};

std::vector<Line> LinesOf(const AddressLabel& label) {
  std::vector<Line> lines;
  const auto add = [&lines](const std::string& text, bool bold) {
    if (!text.empty()) {
      lines.push_back({text, bold});
    }
  };
  add(label.addressee, true);
  add(label.contact_person, false);
  add(label.street, false);
  add(label.locality, false);
  add(label.district, false);
  add(label.region, false);
  add(label.postal_code, true);
  return lines;
}

class LabelPainter {
 public:
  LabelPainter(cairo_t* cr, PangoContext* context, double width, double height)
      : cr_(cr), context_(context), width_(width), height_(height) {}

  void Paint(const AddressLabel& label, double x, double y) {
    const std::vector<Line> lines = LinesOf(label);
    // The largest size at which every line, wrapped at the label's width, fits its height. When
    // even the smallest does not, the addressee keeps two lines and every other line one, each
    // cut with an ellipsis, so the postal code still prints.
    double size = kLargestSize;
    bool squeeze = false;
    while (TotalHeight(lines, size, false) > height_) {
      if (size - kSizeStep < kSmallestSize) {
        squeeze = true;
        break;
      }
      size -= kSizeStep;
    }
    double cursor = y;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      LayoutPtr layout = MakeLayout(lines[i], size, squeeze ? (i == 0 ? 2 : 1) : 0);
      auto* l = layout.get();
      const double h = LayoutHeight(l);
      if (cursor + h > y + height_ + 0.01) {
        break;  // nothing is printed outside the label
      }
      cairo_move_to(cr_, x, cursor);
      pango_cairo_show_layout(cr_, l);
      cursor += h;
    }
  }

 private:
  // `max_lines` > 0 cuts the wrapped text after that many lines with an ellipsis.
  LayoutPtr MakeLayout(const Line& line, double size, int max_lines) const {
    LayoutPtr layout(pango_layout_new(context_));
    auto* l = layout.get();
    FontDescPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFontFamily);
    pango_font_description_set_weight(font.get(),
                                      line.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(l, font.get());
    pango_layout_set_width(l, static_cast<int>(width_ * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (max_lines > 0) {
      pango_layout_set_height(l, -max_lines);
      pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_text(l, line.text.data(), static_cast<int>(line.text.size()));
    return layout;
  }

  static double LayoutHeight(PangoLayout* layout) {
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    return h / static_cast<double>(PANGO_SCALE);
  }

  double TotalHeight(const std::vector<Line>& lines, double size, bool squeeze) const {
    double total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      LayoutPtr layout = MakeLayout(lines[i], size, squeeze ? (i == 0 ? 2 : 1) : 0);
      total += LayoutHeight(layout.get());
    }
    return total;
  }

  cairo_t* cr_;
  PangoContext* context_;
  double width_;
  double height_;
};

}  // namespace

std::vector<std::string> AddressLabelLines(const AddressLabel& label) {
  std::vector<std::string> lines;
  for (const Line& line : LinesOf(label)) {
    lines.push_back(line.text);
  }
  return lines;
}

std::string RenderAddressLabels(const std::vector<AddressLabel>& labels, const LabelSheet& sheet) {
  if (sheet.columns < 1 || sheet.rows < 1 || sheet.label_width_mm <= 2 * sheet.padding_mm ||
      sheet.label_height_mm <= 2 * sheet.padding_mm || sheet.padding_mm < 0) {
    throw std::invalid_argument("a label sheet needs at least one label with room inside it");
  }
  const double sheet_width = sheet.columns * sheet.label_width_mm;
  const double sheet_height = sheet.rows * sheet.label_height_mm;
  if (sheet_width > kPageWidthMm + 1e-6 || sheet_height > kPageHeightMm + 1e-6) {
    throw std::invalid_argument("the labels do not fit on an A4 page");
  }
  // Sheets centre their grid on the page.
  const double left = (kPageWidthMm - sheet_width) / 2 * kPointsPerMm;
  const double top = (kPageHeightMm - sheet_height) / 2 * kPointsPerMm;
  const double label_w = sheet.label_width_mm * kPointsPerMm;
  const double label_h = sheet.label_height_mm * kPointsPerMm;
  const double pad = sheet.padding_mm * kPointsPerMm;

  common::render::PdfDocument pdf("address labels PDF", kPageWidthMm * kPointsPerMm,
                                  kPageHeightMm * kPointsPerMm);
  pdf.SetTitle("Адресные наклейки");
  {
    const CairoPtr cr = pdf.NewContext();
    const common::render::TextContext context(cr.get());
    LabelPainter painter(cr.get(), context.get(), label_w - 2 * pad, label_h - 2 * pad);
    const std::size_t per_page = static_cast<std::size_t>(sheet.columns * sheet.rows);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::size_t slot = i % per_page;
      if (slot == 0 && i > 0) {
        cairo_show_page(cr.get());
      }
      const auto column = static_cast<double>(slot % static_cast<std::size_t>(sheet.columns));
      const std::size_t row_index = slot / static_cast<std::size_t>(sheet.columns);
      const auto row = static_cast<double>(row_index);
      painter.Paint(labels[i], left + column * label_w + pad, top + row * label_h + pad);
    }
    cairo_show_page(cr.get());  // an empty selection still makes a (blank) page
    pdf.Check(cairo_status(cr.get()), "drawing the labels");
  }
  return std::move(pdf).Finish();
}

}  // namespace crm::registry
