#include "services/documents/render/document_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/render/pdf.h"
#include "common/render/qr.h"

namespace crm::documents {
namespace {

using common::render::AttrListPtr;
using common::render::CairoPtr;
using common::render::FontDescPtr;
using common::render::kFontFamily;
using common::render::LayoutIterPtr;
using common::render::LayoutPtr;

// Geometry in PDF points (1/72 inch); cairo's PDF surface uses points as user units.
constexpr double kA4Short = 595.28;
constexpr double kA4Long = 841.89;
constexpr double kPadX = 3.0;
constexpr double kPadY = 2.5;
constexpr double kThinLine = 0.6;
constexpr double kThickLine = 1.5;
// The payment QR code: about 37 mm square, so a module of a full payload is about 0.4 mm, which
// phone cameras read from paper.
constexpr double kQrSide = 105.0;
constexpr double kQrGap = 10.0;

constexpr double kTitleSize = 13.0;
constexpr double kBodySize = 9.0;
constexpr double kTableSize = 8.5;
constexpr double kSmallSize = 7.0;

using Align = TextAlign;

// The page and the area the content takes on it.
struct Page {
  double width, height;
  double left, right, top, bottom;  // the content's edges; the page footer sits below `bottom`
  double ContentWidth() const { return right - left; }
};

Page PageFor(PageOrientation orientation) {
  if (orientation == PageOrientation::kLandscape) {
    // 8 mm at the sides for a form's many columns, the binding at the top.
    return {kA4Long, kA4Short, 22.68, kA4Long - 22.68, 28.35, kA4Short - 36.0};
  }
  // 15 mm at the left: room for a hole punch.
  return {kA4Short, kA4Long, 42.52, kA4Short - 28.35, 34.0, kA4Long - 42.52};
}

struct Style {
  double size = kBodySize;
  bool bold = false;
  Align align = Align::kLeft;
};

struct Column {
  std::string title, group, number;
  double width;
  Align align;
};

constexpr double kAmountWidth = 80.0;

// The invoice's and the act's six columns on `page`.
std::vector<Column> DefaultColumns(const Page& page) {
  return {
      {"№", "", "", 24.0, Align::kCenter},
      {"Наименование товаров (работ, услуг)", "", "",
       page.ContentWidth() - 24.0 - 50.0 - 36.0 - 78.0 - kAmountWidth, Align::kLeft},
      {"Кол-во", "", "", 50.0, Align::kRight},
      {"Ед.", "", "", 36.0, Align::kCenter},
      {"Цена", "", "", 78.0, Align::kRight},
      {"Сумма", "", "", kAmountWidth, Align::kRight},
  };
}

// The view's own columns, the one without a width taking what the others leave.
std::vector<Column> ColumnsOf(const DocumentView& view, const Page& page) {
  if (view.columns.empty()) {
    return DefaultColumns(page);
  }
  double fixed = 0;
  int flexible = 0;
  for (const TableColumn& column : view.columns) {
    fixed += column.width;
    flexible += column.width <= 0 ? 1 : 0;
  }
  if (flexible > 1) {
    throw std::invalid_argument("at most one table column may take the remaining width");
  }
  const double rest = page.ContentWidth() - fixed;
  if (rest < (flexible == 1 ? 20.0 : 0.0) - 0.01) {
    throw std::invalid_argument("the table's columns are wider than the page");
  }
  std::vector<Column> columns;
  columns.reserve(view.columns.size());
  for (const TableColumn& column : view.columns) {
    columns.push_back({column.header, column.group, column.number,
                       column.width <= 0 ? rest : column.width, column.align});
  }
  return columns;
}

double Height(PangoLayout* layout) {
  int width = 0;
  int height = 0;
  pango_layout_get_size(layout, &width, &height);
  return height / static_cast<double>(PANGO_SCALE);
}

double Width(PangoLayout* layout) {
  int width = 0;
  int height = 0;
  pango_layout_get_size(layout, &width, &height);
  return width / static_cast<double>(PANGO_SCALE);
}

// "ООО «СтройМаш», ИНН 7701234567, КПП 770101001, 101000, г. Москва, ..." without empty parts.
std::string PartyLine(const DocumentParty& party) {
  std::string text = party.legal_name;
  const auto append = [&text](std::string_view prefix, const std::string& value) {
    if (value.empty()) {
      return;
    }
    if (!text.empty()) {
      text += ", ";
    }
    text.append(prefix).append(value);
  };
  append("ИНН ", party.inn);
  append("КПП ", party.kpp);
  append("", party.address);
  return text;
}

// "Счёт на оплату № 2026-000017 от 26.11.2026".
// A draft has no number yet: "Договор (проект) от 26.11.2026".
std::string Heading(const DocumentView& view) {
  if (view.number.empty()) {
    return view.title + " (проект) от " + view.issue_date;
  }
  return view.title + " № " + view.number + " от " + view.issue_date;
}

// Lays the document out top to bottom with a moving cursor. It runs twice: first only measuring
// (to count pages for the "page N of M" footer), then drawing; both runs take the same breaks.
class DocumentPainter {
 public:
  DocumentPainter(cairo_t* cr, PangoContext* context, const DocumentView& view,
                  const common::render::QrSymbol* qr, int total_pages)
      : cr_(cr),
        context_(context),
        view_(view),
        qr_(qr),
        page_box_(PageFor(view.orientation)),
        columns_(ColumnsOf(view, page_box_)),
        table_size_(view.table_text_size > 0 ? view.table_text_size : kTableSize),
        header_width_(qr == nullptr ? page_box_.ContentWidth()
                                    : page_box_.ContentWidth() - kQrSide - kQrGap),
        header_left_(page_box_.left),
        total_pages_(total_pages),
        draw_(total_pages > 0),
        attrs_(pango_attr_list_new()),
        y_(page_box_.top) {
    // Overlong words (accounts, URLs) may break anywhere, but without an inserted hyphen, so
    // the printed names and numbers stay verbatim.
    pango_attr_list_insert(attrs_.get(), pango_attr_insert_hyphens_new(FALSE));
  }

  // Returns the number of pages used.
  int Paint() {
    if (view_.bank_block) {
      PaintBankBlock();
    }
    const double header_top = y_;
    PaintFormNote();
    const double box_top = y_;
    const double box_bottom = PaintLeftBox();
    PaintTitle();
    if (view_.form_lines.empty()) {
      PaintParties();
    } else {
      PaintFormLines(view_.form_lines, header_left_, header_width_);
    }
    y_ = std::max(y_, box_top + box_bottom);
    PaintQr(header_top);
    PaintPreamble();
    PaintTable();
    PaintTrailer();
    if (!view_.closing_lines.empty()) {
      y_ += 8.0;
      PaintFormLines(view_.closing_lines, page_box_.left, page_box_.ContentWidth());
    }
    FinishPage();
    return page_;
  }

 private:
  // A piece of the text after the table; kept whole on one page.
  struct Block {
    double height;
    std::function<void(double y)> paint;
  };

  // A cell of a table row: its text and where it stands (a cell may span several columns).
  struct Cell {
    std::string text;
    double x, width;
    Align align;
    bool bold;
  };

  LayoutPtr Layout(std::string_view text, Style style, double width) const {
    LayoutPtr layout(pango_layout_new(context_));
    FontDescPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFontFamily);
    pango_font_description_set_weight(font.get(),
                                      style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    // Absolute size is in user units, i.e. points, whatever the font map's resolution.
    pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_attributes(layout.get(), attrs_.get());
    if (width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    switch (style.align) {
      case Align::kLeft:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_LEFT);
        break;
      case Align::kCenter:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        break;
      case Align::kRight:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
        break;
    }
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  void Show(PangoLayout* layout, double x, double y) {
    if (!draw_) {
      return;
    }
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  void Line(double x0, double y0, double x1, double y1, double width = kThinLine) {
    if (!draw_) {
      return;
    }
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }

  void Frame(double x, double y, double w, double h) {
    if (!draw_) {
      return;
    }
    cairo_set_line_width(cr_, kThinLine);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
  }

  void Shade(double x, double y, double w, double h) {
    if (!draw_) {
      return;
    }
    cairo_save(cr_);
    cairo_set_source_rgb(cr_, 0.92, 0.92, 0.92);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
    cairo_restore(cr_);
  }

  void FinishPage() {
    if (!draw_) {
      return;
    }
    // A one-page invoice needs no page numbers; continuation pages need to name the invoice.
    if (total_pages_ > 1) {
      const std::string text = Heading(view_) + " — страница " + std::to_string(page_) + " из " +
                               std::to_string(total_pages_);
      const LayoutPtr footer =
          Layout(text, {kSmallSize, false, Align::kRight}, page_box_.ContentWidth());
      Show(footer.get(), page_box_.left, page_box_.bottom + 14.0);
    }
    PaintDraftMark();
    cairo_show_page(cr_);
  }

  // A draft's mark: a line in the top margin that reads as text, and the mark large and pale,
  // diagonal across the page over what is printed on it.
  void PaintDraftMark() {
    if (view_.draft_mark.empty()) {
      return;
    }
    constexpr double kMarkSize = 72.0;
    const double width = page_box_.ContentWidth();
    const LayoutPtr banner =
        Layout(view_.draft_mark + " — документ не выпущен, номер присваивается при выпуске",
               {kSmallSize, true, Align::kRight}, width);
    const LayoutPtr mark = Layout(view_.draft_mark, {kMarkSize, true, Align::kCenter}, width);
    cairo_save(cr_);
    cairo_set_source_rgb(cr_, 0.75, 0.1, 0.1);
    Show(banner.get(), page_box_.left, page_box_.top / 3);
    cairo_restore(cr_);
    cairo_save(cr_);
    cairo_translate(cr_, (page_box_.left + page_box_.right) / 2,
                    (page_box_.top + page_box_.bottom) / 2);
    cairo_rotate(cr_, -std::numbers::pi / 6);
    cairo_set_source_rgba(cr_, 0.75, 0.1, 0.1, 0.25);
    cairo_move_to(cr_, -width / 2, -kMarkSize * 0.7);
    pango_cairo_show_layout(cr_, mark.get());
    cairo_restore(cr_);
  }

  void NewPage() {
    FinishPage();
    ++page_;
    y_ = page_box_.top;
    if (in_table_) {
      PaintTableHeader();  // the table continues, so repeat its header
    }
  }

  void EnsureSpace(double height) {
    if (y_ + height > page_box_.bottom) {
      NewPage();
    }
  }

  // Supplier's bank requisites as a grid: bank | БИК, Сч. № (correspondent account) on top;
  // ИНН | КПП, recipient | Сч. № (settlement account) below.
  void PaintBankBlock() {
    constexpr double kLeftWidth = 290.0;
    constexpr double kLabelWidth = 50.0;
    constexpr double kHalf = kLeftWidth / 2;
    const double left = page_box_.left;
    const double right = page_box_.right;
    const double label_x = left + kLeftWidth;
    const double value_x = label_x + kLabelWidth;
    const double value_width = right - value_x;
    constexpr double kCaptionGap = 4.0;
    const Style body{kBodySize, false, Align::kLeft};
    const Style caption{kSmallSize, false, Align::kLeft};
    const DocumentBank& bank_info = view_.supplier_bank;

    const LayoutPtr bank = Layout(bank_info.bank_name, body, kLeftWidth - 2 * kPadX);
    const LayoutPtr bank_caption = Layout("Банк получателя", caption, kLeftWidth - 2 * kPadX);
    const LayoutPtr bik_label = Layout("БИК", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr bik = Layout(bank_info.bik, body, value_width - 2 * kPadX);
    const LayoutPtr corr_label = Layout("Сч. №", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr corr = Layout(bank_info.correspondent_account, body, value_width - 2 * kPadX);
    const LayoutPtr inn = Layout("ИНН " + view_.supplier.inn, body, kHalf - 2 * kPadX);
    const LayoutPtr kpp = Layout("КПП " + view_.supplier.kpp, body, kHalf - 2 * kPadX);
    const LayoutPtr account_label = Layout("Сч. №", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr account = Layout(bank_info.settlement_account, body, value_width - 2 * kPadX);
    const LayoutPtr recipient = Layout(view_.supplier.legal_name, body, kLeftWidth - 2 * kPadX);
    const LayoutPtr recipient_caption = Layout("Получатель", caption, kLeftWidth - 2 * kPadX);

    const double bik_row = std::max(Height(bik_label.get()), Height(bik.get())) + 2 * kPadY;
    const double corr_row = std::max(Height(corr_label.get()), Height(corr.get())) + 2 * kPadY;
    const double bank_row =
        std::max(Height(bank.get()) + kCaptionGap + Height(bank_caption.get()) + 2 * kPadY,
                 bik_row + corr_row);
    const double inn_row = std::max(Height(inn.get()), Height(kpp.get())) + 2 * kPadY;
    const double lower =
        std::max(inn_row + Height(recipient.get()) + kCaptionGap + Height(recipient_caption.get()) +
                     2 * kPadY,
                 std::max(Height(account_label.get()), Height(account.get())) + 2 * kPadY);
    const double total = bank_row + lower;

    EnsureSpace(total);
    const double y0 = y_;
    const double y1 = y0 + bank_row;
    const double y2 = y1 + inn_row;
    const double y3 = y0 + total;
    Show(bank.get(), left + kPadX, y0 + kPadY);
    Show(bank_caption.get(), left + kPadX, y1 - kPadY - Height(bank_caption.get()));
    Show(bik_label.get(), label_x + kPadX, y0 + kPadY);
    Show(bik.get(), value_x + kPadX, y0 + kPadY);
    Show(corr_label.get(), label_x + kPadX, y0 + bik_row + kPadY);
    Show(corr.get(), value_x + kPadX, y0 + bik_row + kPadY);
    Show(inn.get(), left + kPadX, y1 + kPadY);
    Show(kpp.get(), left + kHalf + kPadX, y1 + kPadY);
    Show(account_label.get(), label_x + kPadX, y1 + kPadY);
    Show(account.get(), value_x + kPadX, y1 + kPadY);
    Show(recipient.get(), left + kPadX, y2 + kPadY);
    Show(recipient_caption.get(), left + kPadX, y3 - kPadY - Height(recipient_caption.get()));

    Frame(left, y0, page_box_.ContentWidth(), total);
    Line(label_x, y0, label_x, y3);
    Line(value_x, y0, value_x, y3);
    Line(left, y1, right, y1);
    Line(left, y2, label_x, y2);
    Line(left + kHalf, y1, left + kHalf, y2);
    Line(label_x, y0 + bik_row, value_x, y0 + bik_row);
    y_ = y3;
  }

  // A form's note at the top right of the first page ("Приложение № 1 к постановлению …").
  void PaintFormNote() {
    if (view_.form_note.empty()) {
      return;
    }
    constexpr double kNoteWidth = 260.0;
    const LayoutPtr note = Layout(view_.form_note, {kSmallSize, false, Align::kRight}, kNoteWidth);
    Show(note.get(), page_box_.right - kNoteWidth, y_);
    y_ += Height(note.get()) + 2.0;
  }

  // The form's framed box at the left of the heading (a УПД's "Статус"); moves the heading and
  // the numbered lines right of it. Returns how far below the current line the box ends.
  double PaintLeftBox() {
    if (view_.left_box.empty()) {
      return 0;
    }
    constexpr double kBoxWidth = 130.0;
    constexpr double kGap = 10.0;
    std::string text;
    for (const std::string& line : view_.left_box) {
      text += (text.empty() ? "" : "\n") + line;
    }
    const LayoutPtr box =
        Layout(text, {kTableSize, false, Align::kLeft}, kBoxWidth - 2 * kPadX - 2 * kPadY);
    const double height = Height(box.get()) + 2 * kPadY + 2 * kPadX;
    Frame(page_box_.left, y_ + 4.0, kBoxWidth, height);
    Show(box.get(), page_box_.left + kPadX + kPadY, y_ + 4.0 + kPadX);
    header_left_ = page_box_.left + kBoxWidth + kGap;
    header_width_ -= kBoxWidth + kGap;
    return 4.0 + height + 6.0;
  }

  void PaintTitle() {
    std::string text = Heading(view_);
    if (!view_.title_code.empty()) {
      text += " " + view_.title_code;
    }
    const LayoutPtr title = Layout(text, {kTitleSize, true, Align::kLeft}, header_width_);
    const double height = Height(title.get());
    // A form's heading follows its note closely, as on the printed form.
    const double space_before = view_.form_note.empty() ? 18.0 : 4.0;
    EnsureSpace(space_before + height + 12.0);
    y_ += space_before;
    Show(title.get(), header_left_, y_);
    y_ += height + 5.0;
    Line(header_left_, y_, header_left_ + header_width_, y_, kThickLine);
    y_ += 10.0;
  }

  void PaintParties() {
    constexpr double kLabelWidth = 80.0;
    // One-line labels keep a wrapped party name contiguous when the PDF is read as text.
    const std::array<std::pair<const std::string*, const DocumentParty*>, 2> parties = {{
        {&view_.supplier_label, &view_.supplier},
        {&view_.buyer_label, &view_.buyer},
    }};
    for (const auto& [label_text, party] : parties) {
      const LayoutPtr label = Layout(*label_text, {kBodySize, false, Align::kLeft}, kLabelWidth);
      const LayoutPtr value =
          Layout(PartyLine(*party), {kBodySize, true, Align::kLeft}, header_width_ - kLabelWidth);
      const double height = std::max(Height(label.get()), Height(value.get()));
      EnsureSpace(height);
      Show(label.get(), header_left_, y_);
      Show(value.get(), header_left_ + kLabelWidth, y_);
      y_ += height + 6.0;
    }
    y_ += 4.0;
  }

  // A form's numbered lines from `left` across `width`: the label, the value underlined, the
  // line's code at the right.
  void PaintFormLines(const std::vector<FormLineView>& lines, double left, double width) {
    constexpr double kCodeWidth = 30.0;
    constexpr double kGap = 4.0;
    const Style label_style{kTableSize, false, Align::kLeft};
    double label_width = 0;
    for (const FormLineView& line : lines) {
      label_width = std::max(label_width, Width(Layout(line.label, label_style, 0).get()));
    }
    label_width = std::min(label_width + kGap, width / 3);
    const double value_width = width - label_width - kCodeWidth - kGap;
    for (const FormLineView& line : lines) {
      const LayoutPtr label = Layout(line.label, label_style, label_width - kGap);
      const LayoutPtr value = Layout(line.value, {kTableSize, true, Align::kLeft}, value_width);
      const LayoutPtr code = Layout(line.code, {kSmallSize, false, Align::kRight}, kCodeWidth);
      const double height = std::max(Height(label.get()), Height(value.get()));
      EnsureSpace(height + 3.0);
      const double value_x = left + label_width;
      Show(label.get(), left, y_);
      Show(value.get(), value_x, y_);
      Show(code.get(), value_x + value_width + kGap, y_ + (height - Height(code.get())));
      Line(value_x, y_ + height + 0.5, value_x + value_width, y_ + height + 0.5);
      y_ += height + 3.0;
    }
    y_ += 6.0;
  }

  // Paragraphs across the page, each kept whole (moved to the next page when it does not fit),
  // then the table's caption.
  void PaintPreamble() {
    for (const std::string& paragraph : view_.preamble) {
      const LayoutPtr text =
          Layout(paragraph, {kBodySize, false, Align::kLeft}, page_box_.ContentWidth());
      const double height = Height(text.get());
      EnsureSpace(height);
      Show(text.get(), page_box_.left, y_);
      y_ += height + 5.0;
    }
    if (!view_.table_caption.empty()) {
      const LayoutPtr caption =
          Layout(view_.table_caption, {kBodySize, true, Align::kLeft}, page_box_.ContentWidth());
      const double height = Height(caption.get());
      EnsureSpace(height + 40.0);  // with room for the header and a row under it
      y_ += 4.0;
      Show(caption.get(), page_box_.left, y_);
      y_ += height + 4.0;
    }
  }

  // The payment QR code at the right of the title and the parties, its caption below it; the
  // table starts below whichever of the two ends lower.
  void PaintQr(double top) {
    if (qr_ == nullptr) {
      return;
    }
    const double x = page_box_.right - kQrSide;
    const double y = top + 12.0;
    if (draw_) {
      common::render::DrawQr(cr_, *qr_, x, y, kQrSide);
    }
    const LayoutPtr caption =
        Layout("Оплата по QR-коду", {kSmallSize, false, Align::kCenter}, kQrSide);
    Show(caption.get(), x, y + kQrSide);
    y_ = std::max(y_, y + kQrSide + Height(caption.get()) + 8.0);
  }

  Style HeaderStyle() const {
    // The invoice's few columns take bold titles; a form's many narrow ones plain smaller text.
    if (view_.columns.empty()) {
      return {table_size_, true, Align::kCenter};
    }
    return {table_size_ - 1.5, false, Align::kCenter};
  }

  bool HasGroups() const {
    return std::any_of(columns_.begin(), columns_.end(),
                       [](const Column& c) { return !c.group.empty(); });
  }

  bool HasNumbers() const {
    return std::any_of(columns_.begin(), columns_.end(),
                       [](const Column& c) { return !c.number.empty(); });
  }

  // The header's rows: the group headings (0 without groups), the column titles below them (or
  // beside them, for a column without a group), the column numbers (0 without numbers).
  struct HeaderRows {
    double group = 0, titles = 0, numbers = 0;
  };

  HeaderRows MeasureHeader() const {
    HeaderRows rows;
    double ungrouped = 0;
    for (const Column& column : columns_) {
      const double title =
          Height(Layout(column.title, HeaderStyle(), column.width - 2 * kPadX).get()) + 2 * kPadY;
      if (column.group.empty()) {
        ungrouped = std::max(ungrouped, title);
      } else {
        rows.titles = std::max(rows.titles, title);
      }
    }
    if (HasGroups()) {
      for (std::size_t i = 0; i < columns_.size();) {
        const std::size_t end = GroupEnd(i);
        if (!columns_[i].group.empty()) {
          rows.group = std::max(
              rows.group,
              Height(
                  Layout(columns_[i].group, HeaderStyle(), SpanWidth(i, end) - 2 * kPadX).get()) +
                  2 * kPadY);
        }
        i = end;
      }
      // A column without a group spans both rows: the titles' row grows if it needs more.
      rows.titles = std::max(rows.titles, ungrouped - rows.group);
    } else {
      rows.titles = ungrouped;
    }
    if (HasNumbers()) {
      rows.numbers = Height(Layout("1", {kSmallSize, false, Align::kCenter}, 0).get()) + 2 * kPadY;
    }
    return rows;
  }

  // The end (exclusive) of the run of adjacent columns sharing column `begin`'s group; the next
  // column for one without a group.
  std::size_t GroupEnd(std::size_t begin) const {
    std::size_t end = begin + 1;
    while (!columns_[begin].group.empty() && end < columns_.size() &&
           columns_[end].group == columns_[begin].group) {
      ++end;
    }
    return end;
  }

  double SpanWidth(std::size_t begin, std::size_t end) const {
    double width = 0;
    for (std::size_t i = begin; i < end; ++i) {
      width += columns_[i].width;
    }
    return width;
  }

  // Centres `text` in the box, vertically too: a wrapped title in one column must not leave the
  // others top-heavy.
  void HeaderCell(const std::string& text, Style style, double x, double y, double width,
                  double height) {
    const LayoutPtr layout = Layout(text, style, width - 2 * kPadX);
    Show(layout.get(), x + kPadX, y + (height - Height(layout.get())) / 2);
    Frame(x, y, width, height);
  }

  void PaintTableHeader() {
    const double height = header_rows_.group + header_rows_.titles;
    Shade(page_box_.left, y_, page_box_.ContentWidth(), height + header_rows_.numbers);
    double x = page_box_.left;
    for (std::size_t i = 0; i < columns_.size();) {
      const std::size_t end = GroupEnd(i);
      if (columns_[i].group.empty()) {
        HeaderCell(columns_[i].title, HeaderStyle(), x, y_, columns_[i].width, height);
        x += columns_[i].width;
      } else {
        HeaderCell(columns_[i].group, HeaderStyle(), x, y_, SpanWidth(i, end), header_rows_.group);
        for (std::size_t j = i; j < end; ++j) {
          HeaderCell(columns_[j].title, HeaderStyle(), x, y_ + header_rows_.group,
                     columns_[j].width, header_rows_.titles);
          x += columns_[j].width;
        }
      }
      i = end;
    }
    y_ += height;
    if (header_rows_.numbers > 0) {
      x = page_box_.left;
      for (const Column& column : columns_) {
        HeaderCell(column.number, {kSmallSize, false, Align::kCenter}, x, y_, column.width,
                   header_rows_.numbers);
        x += column.width;
      }
      y_ += header_rows_.numbers;
    }
  }

  // One cell per column.
  std::vector<Cell> RowCells(const std::vector<std::string>& texts) const {
    if (texts.size() != columns_.size()) {
      throw std::invalid_argument("a table row has " + std::to_string(texts.size()) +
                                  " cells for " + std::to_string(columns_.size()) + " columns");
    }
    std::vector<Cell> cells;
    cells.reserve(texts.size());
    double x = page_box_.left;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      cells.push_back({texts[i], x, columns_[i].width, columns_[i].align, false});
      x += columns_[i].width;
    }
    return cells;
  }

  void PaintTable() {
    header_rows_ = MeasureHeader();
    header_height_ = header_rows_.group + header_rows_.titles + header_rows_.numbers;
    // Start the table on a new page rather than leave a lonely header at the bottom (a form's
    // tall header needs room for a couple of rows under it, not for twice itself).
    EnsureSpace(view_.columns.empty() ? 3 * header_height_ : header_height_ + 6 * table_size_);
    in_table_ = true;
    PaintTableHeader();
    if (view_.columns.empty()) {
      std::size_t number = 0;
      for (const DocumentLineView& item : view_.lines) {
        PaintRow(RowCells({std::to_string(++number), item.description, item.quantity, item.unit,
                           item.price, item.amount}));
      }
    } else {
      for (const std::vector<std::string>& row : view_.rows) {
        PaintRow(RowCells(row));
      }
      PaintTotalRow(view_.total_row);
      for (const TableTotalView& total : view_.more_total_rows) {
        PaintTotalRow(total);
      }
    }
    in_table_ = false;
  }

  // "Всего к оплате (9)" across the first columns, then the remaining columns' cells.
  void PaintTotalRow(const TableTotalView& total) {
    if (total.label.empty()) {
      return;
    }
    // The row may end before the table does (a form's total stops at its last amount).
    if (total.label_span == 0 || total.label_span + total.cells.size() > columns_.size()) {
      throw std::invalid_argument("the total row does not match the table's columns");
    }
    std::vector<Cell> cells;
    const double label_width = SpanWidth(0, total.label_span);
    cells.push_back({total.label, page_box_.left, label_width, Align::kLeft, true});
    double x = page_box_.left + label_width;
    for (std::size_t i = 0; i < total.cells.size(); ++i) {
      const Column& column = columns_[total.label_span + i];
      cells.push_back({total.cells[i], x, column.width, column.align, true});
      x += column.width;
    }
    PaintRow(cells);
  }

  // Vertical extents of every text line of every cell, in row coordinates.
  static std::vector<std::pair<double, double>> LineRanges(const std::vector<LayoutPtr>& cells) {
    std::vector<std::pair<double, double>> ranges;
    for (const LayoutPtr& cell : cells) {
      const LayoutIterPtr iter(pango_layout_get_iter(cell.get()));
      do {
        int top = 0;
        int bottom = 0;
        pango_layout_iter_get_line_yrange(iter.get(), &top, &bottom);
        ranges.emplace_back(kPadY + top / static_cast<double>(PANGO_SCALE),
                            kPadY + bottom / static_cast<double>(PANGO_SCALE));
      } while (pango_layout_iter_next_line(iter.get()));
    }
    return ranges;
  }

  // Where to cut a row taller than a page: the lowest line bottom in (from, limit] that does not
  // slice through a text line of another cell; `limit` if only one enormous line is left.
  static double CutPosition(const std::vector<std::pair<double, double>>& ranges, double from,
                            double limit) {
    constexpr double kEpsilon = 0.01;
    double best = limit;
    bool found = false;
    for (const auto& candidate : ranges) {
      const double cut = candidate.second;
      if (cut <= from + kEpsilon || cut > limit || (found && cut <= best)) {
        continue;
      }
      const bool slices_a_line = std::any_of(ranges.begin(), ranges.end(), [cut](const auto& r) {
        return r.first + kEpsilon < cut && cut < r.second - kEpsilon;
      });
      if (!slices_a_line) {
        best = cut;
        found = true;
      }
    }
    return best;
  }

  // Draws the part [from, to) of a row (in row coordinates) at the cursor.
  void PaintRowSlice(const std::vector<Cell>& cells, const std::vector<LayoutPtr>& layouts,
                     double from, double to) {
    const double height = to - from;
    if (draw_) {
      cairo_save(cr_);
      cairo_rectangle(cr_, page_box_.left, y_, page_box_.ContentWidth(), height);
      cairo_clip(cr_);
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      Show(layouts[i].get(), cells[i].x + kPadX, y_ - from + kPadY);
    }
    if (draw_) {
      cairo_restore(cr_);
    }
    for (const Cell& cell : cells) {
      Frame(cell.x, y_, cell.width, height);
    }
    y_ += height;
  }

  void PaintRow(const std::vector<Cell>& cells) {
    std::vector<LayoutPtr> layouts;
    layouts.reserve(cells.size());
    double height = 0;
    for (const Cell& cell : cells) {
      layouts.push_back(
          Layout(cell.text, {table_size_, cell.bold, cell.align}, cell.width - 2 * kPadX));
      height = std::max(height, Height(layouts.back().get()) + 2 * kPadY);
    }
    const double page_room = page_box_.bottom - page_box_.top - header_height_;
    // A row normally moves to the next page whole; only one taller than a whole page is split,
    // between text lines, so that no text runs off the page.
    if (y_ + height > page_box_.bottom && height <= page_room) {
      NewPage();
    }
    double shown = 0;  // how much of the row earlier pages already hold
    while (true) {
      const double room = page_box_.bottom - y_;
      if (height - shown <= room) {
        PaintRowSlice(cells, layouts, shown, height);
        return;
      }
      if (room < table_size_ * 2) {
        NewPage();
        continue;
      }
      const double cut = CutPosition(LineRanges(layouts), shown, shown + room);
      PaintRowSlice(cells, layouts, shown, cut);
      shown = cut;
      NewPage();
    }
  }

  // Totals, the amount in words, payment terms and signatures.
  void PaintTrailer() {
    const double left = page_box_.left;
    const double right = page_box_.right;
    std::vector<Block> blocks;
    const auto add_total = [&](const std::string& label_text, const std::string& value_text) {
      const double amount_x = right - kAmountWidth;
      auto label = std::make_shared<LayoutPtr>(
          Layout(label_text, {kBodySize, true, Align::kRight}, amount_x - left - kPadX));
      auto value = std::make_shared<LayoutPtr>(
          Layout(value_text, {kBodySize, true, Align::kRight}, kAmountWidth - 2 * kPadX));
      const double height = std::max(Height(label->get()), Height(value->get())) + 3.0;
      blocks.push_back({height, [this, label, value, left, amount_x](double y) {
                          Show(label->get(), left, y);
                          Show(value->get(), amount_x + kPadX, y);
                        }});
    };
    const auto add_text = [&](const std::string& text, Style style, double space_before) {
      auto layout = std::make_shared<LayoutPtr>(Layout(text, style, page_box_.ContentWidth()));
      blocks.push_back(
          {space_before + Height(layout->get()), [this, layout, space_before, left](double y) {
             Show(layout->get(), left, y + space_before);
           }});
    };

    blocks.push_back({4.0, [](double) {}});
    if (!view_.net_total.empty()) {
      add_total("Итого:", view_.net_total);
      // Our prices exclude VAT: it is added on top ("НДС 22%:"), not contained ("В том числе").
      add_total(view_.vat_label + ":", view_.vat_amount);
      add_total(view_.total_label, view_.total);
    }
    if (!view_.count_label.empty()) {
      add_text(view_.count_label + " " + std::to_string(view_.lines.size()) + ", на сумму " +
                   view_.total + " руб.",
               {kBodySize, false, Align::kLeft}, 8.0);
    }
    if (!view_.total_in_words.empty()) {
      add_text(view_.total_in_words, {kBodySize, true, Align::kLeft}, 1.0);
    }
    if (!view_.payment_terms.empty()) {
      add_text(view_.payment_terms, {kTableSize, false, Align::kLeft}, 8.0);
    }
    if (!view_.statement.empty()) {
      add_text(view_.statement, {kBodySize, false, Align::kLeft}, 8.0);
    }
    blocks.push_back(
        {14.0, [this, left, right](double y) { Line(left, y + 6.0, right, y + 6.0, kThickLine); }});
    AddSignatures(blocks);
    for (const std::string& text : view_.after_signatures) {
      add_text(text, {kTableSize, false, Align::kLeft}, 8.0);
    }

    double total = 0;
    for (const Block& block : blocks) {
      total += block.height;
    }
    // Keep the whole trailer together when it fits on a page; otherwise let it flow.
    if (y_ + total > page_box_.bottom && total <= page_box_.bottom - page_box_.top) {
      NewPage();
    }
    for (const Block& block : blocks) {
      EnsureSpace(block.height);
      block.paint(y_);
      y_ += block.height;
    }
  }

  // "Руководитель ______ Name" and "Главный бухгалтер ______ Name" (or the view's signatures)
  // side by side, each with "М.П." below when the view asks for stamp places. A role too long
  // for its half of the place wraps, the rule under its last line.
  void AddSignatures(std::vector<Block>& blocks) {
    std::vector<SignatureView> people = view_.signatures;
    if (people.empty()) {
      people = {{"Руководитель", view_.director}, {"Главный бухгалтер", view_.chief_accountant}};
    }
    const double column = page_box_.ContentWidth() / static_cast<double>(people.size());
    const double max_label_width = column * 0.45;
    constexpr double kRuleWidth = 70.0;
    constexpr double kGap = 5.0;
    struct Signature {
      std::shared_ptr<LayoutPtr> label, name, caption;
      double rule_x = 0;
      double baseline = 0;     // of the label's last line, from its top
      double name_offset = 0;  // the name's top, level with the label's last line
    };
    std::vector<Signature> signatures;
    signatures.reserve(people.size());
    double height = 0;
    double x = page_box_.left;
    for (const SignatureView& person : people) {
      Signature signature;
      const Style label_style{kBodySize, true, Align::kLeft};
      signature.label = std::make_shared<LayoutPtr>(Layout(person.role, label_style, 0));
      if (Width(signature.label->get()) > max_label_width) {
        signature.label =
            std::make_shared<LayoutPtr>(Layout(person.role, label_style, max_label_width));
      }
      const double first_baseline =
          pango_layout_get_baseline(signature.label->get()) / static_cast<double>(PANGO_SCALE);
      const int lines = pango_layout_get_line_count(signature.label->get());
      signature.name_offset = Height(signature.label->get()) * (lines - 1) / std::max(lines, 1);
      signature.baseline = signature.name_offset + first_baseline;
      signature.rule_x = x + Width(signature.label->get()) + kGap;
      const double name_width =
          std::max(20.0, x + column - 12.0 - (signature.rule_x + kRuleWidth + kGap));
      signature.name = std::make_shared<LayoutPtr>(
          Layout(person.name, {kBodySize, false, Align::kLeft}, name_width));
      signature.caption =
          std::make_shared<LayoutPtr>(Layout("подпись", {6.0, false, Align::kCenter}, kRuleWidth));
      height = std::max(height, std::max(Height(signature.label->get()),
                                         signature.name_offset + Height(signature.name->get())) +
                                    Height(signature.caption->get()) + 2.0);
      signatures.push_back(std::move(signature));
      x += column;
    }
    const auto stamp =
        std::make_shared<LayoutPtr>(Layout("М.П.", {kSmallSize, false, Align::kLeft}, 0));
    const double stamp_height = view_.stamp_places ? Height(stamp->get()) + 10.0 : 0.0;
    blocks.push_back({8.0 + height + stamp_height, [this, signatures, stamp, height](double y) {
                        y += 8.0;
                        for (const Signature& s : signatures) {
                          if (view_.stamp_places) {
                            Show(stamp->get(), s.rule_x, y + height + 8.0);
                          }
                          const double baseline = y + s.baseline;
                          Show(s.label->get(), s.rule_x - Width(s.label->get()) - kGap, y);
                          Line(s.rule_x, baseline + 1.5, s.rule_x + kRuleWidth, baseline + 1.5);
                          Show(s.caption->get(), s.rule_x, baseline + 2.5);
                          Show(s.name->get(), s.rule_x + kRuleWidth + kGap, y + s.name_offset);
                        }
                      }});
  }

  cairo_t* cr_;
  PangoContext* context_;
  const DocumentView& view_;
  const common::render::QrSymbol* qr_;
  Page page_box_;
  std::vector<Column> columns_;
  double table_size_;
  double header_width_;  // the title's and the parties' width: the QR code takes the rest
  double header_left_;   // where they start: right of the form's left box, if any
  int total_pages_;
  bool draw_;
  AttrListPtr attrs_;
  int page_ = 1;
  double y_;
  bool in_table_ = false;
  HeaderRows header_rows_;
  double header_height_ = 0;
};

}  // namespace

std::string RenderDocumentPdf(const DocumentView& view) {
  const Page page = PageFor(view.orientation);
  common::render::PdfDocument pdf(view.title + " PDF", page.width, page.height);
  pdf.SetTitle(Heading(view));
  {
    const CairoPtr cr = pdf.NewContext();
    const common::render::TextContext context(cr.get());
    std::optional<common::render::QrSymbol> qr;
    if (!view.payment_qr.empty()) {
      qr = common::render::EncodeQr(view.payment_qr);
    }
    const common::render::QrSymbol* symbol = qr ? &*qr : nullptr;
    const int pages = DocumentPainter(cr.get(), context.get(), view, symbol, 0).Paint();
    DocumentPainter(cr.get(), context.get(), view, symbol, pages).Paint();
    pdf.Check(cairo_status(cr.get()), "drawing the document");
  }
  return std::move(pdf).Finish();
}

}  // namespace crm::documents
