#include "services/documents/render/document_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
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
constexpr double kPageWidth = 595.28;  // A4
constexpr double kPageHeight = 841.89;
constexpr double kContentLeft = 42.52;                // 15 mm: room for a hole punch
constexpr double kContentRight = kPageWidth - 28.35;  // 10 mm
constexpr double kContentWidth = kContentRight - kContentLeft;
constexpr double kContentTop = 34.0;
constexpr double kContentBottom = kPageHeight - 42.52;  // the page footer sits below this line
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

enum class Align { kLeft, kCenter, kRight };

struct Style {
  double size = kBodySize;
  bool bold = false;
  Align align = Align::kLeft;
};

struct Column {
  const char* title;
  double width;
  Align align;
};

constexpr std::size_t kColumnCount = 6;
constexpr double kAmountWidth = 80.0;
constexpr std::array<Column, kColumnCount> kColumns = {{
    {"№", 24.0, Align::kCenter},
    {"Наименование товаров (работ, услуг)",
     kContentWidth - 24.0 - 50.0 - 36.0 - 78.0 - kAmountWidth, Align::kLeft},
    {"Кол-во", 50.0, Align::kRight},
    {"Ед.", 36.0, Align::kCenter},
    {"Цена", 78.0, Align::kRight},
    {"Сумма", kAmountWidth, Align::kRight},
}};

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
std::string Heading(const DocumentView& view) {
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
        header_width_(qr == nullptr ? kContentWidth : kContentWidth - kQrSide - kQrGap),
        total_pages_(total_pages),
        draw_(total_pages > 0),
        attrs_(pango_attr_list_new()) {
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
    PaintTitle();
    PaintParties();
    PaintQr(header_top);
    PaintTable();
    PaintTrailer();
    FinishPage();
    return page_;
  }

 private:
  // A piece of the text after the table; kept whole on one page.
  struct Block {
    double height;
    std::function<void(double y)> paint;
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
      const LayoutPtr footer = Layout(text, {kSmallSize, false, Align::kRight}, kContentWidth);
      Show(footer.get(), kContentLeft, kContentBottom + 14.0);
    }
    cairo_show_page(cr_);
  }

  void NewPage() {
    FinishPage();
    ++page_;
    y_ = kContentTop;
    if (in_table_) {
      PaintTableHeader();  // the table continues, so repeat its header
    }
  }

  void EnsureSpace(double height) {
    if (y_ + height > kContentBottom) {
      NewPage();
    }
  }

  // Supplier's bank requisites as a grid: bank | БИК, Сч. № (correspondent account) on top;
  // ИНН | КПП, recipient | Сч. № (settlement account) below.
  void PaintBankBlock() {
    constexpr double kLeftWidth = 290.0;
    constexpr double kLabelWidth = 50.0;
    constexpr double kHalf = kLeftWidth / 2;
    constexpr double kLabelX = kContentLeft + kLeftWidth;
    constexpr double kValueX = kLabelX + kLabelWidth;
    constexpr double kValueWidth = kContentRight - kValueX;
    constexpr double kCaptionGap = 4.0;
    const Style body{kBodySize, false, Align::kLeft};
    const Style caption{kSmallSize, false, Align::kLeft};
    const DocumentBank& bank_info = view_.supplier_bank;

    const LayoutPtr bank = Layout(bank_info.bank_name, body, kLeftWidth - 2 * kPadX);
    const LayoutPtr bank_caption = Layout("Банк получателя", caption, kLeftWidth - 2 * kPadX);
    const LayoutPtr bik_label = Layout("БИК", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr bik = Layout(bank_info.bik, body, kValueWidth - 2 * kPadX);
    const LayoutPtr corr_label = Layout("Сч. №", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr corr = Layout(bank_info.correspondent_account, body, kValueWidth - 2 * kPadX);
    const LayoutPtr inn = Layout("ИНН " + view_.supplier.inn, body, kHalf - 2 * kPadX);
    const LayoutPtr kpp = Layout("КПП " + view_.supplier.kpp, body, kHalf - 2 * kPadX);
    const LayoutPtr account_label = Layout("Сч. №", body, kLabelWidth - 2 * kPadX);
    const LayoutPtr account = Layout(bank_info.settlement_account, body, kValueWidth - 2 * kPadX);
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
    Show(bank.get(), kContentLeft + kPadX, y0 + kPadY);
    Show(bank_caption.get(), kContentLeft + kPadX, y1 - kPadY - Height(bank_caption.get()));
    Show(bik_label.get(), kLabelX + kPadX, y0 + kPadY);
    Show(bik.get(), kValueX + kPadX, y0 + kPadY);
    Show(corr_label.get(), kLabelX + kPadX, y0 + bik_row + kPadY);
    Show(corr.get(), kValueX + kPadX, y0 + bik_row + kPadY);
    Show(inn.get(), kContentLeft + kPadX, y1 + kPadY);
    Show(kpp.get(), kContentLeft + kHalf + kPadX, y1 + kPadY);
    Show(account_label.get(), kLabelX + kPadX, y1 + kPadY);
    Show(account.get(), kValueX + kPadX, y1 + kPadY);
    Show(recipient.get(), kContentLeft + kPadX, y2 + kPadY);
    Show(recipient_caption.get(), kContentLeft + kPadX,
         y3 - kPadY - Height(recipient_caption.get()));

    Frame(kContentLeft, y0, kContentWidth, total);
    Line(kLabelX, y0, kLabelX, y3);
    Line(kValueX, y0, kValueX, y3);
    Line(kContentLeft, y1, kContentRight, y1);
    Line(kContentLeft, y2, kLabelX, y2);
    Line(kContentLeft + kHalf, y1, kContentLeft + kHalf, y2);
    Line(kLabelX, y0 + bik_row, kValueX, y0 + bik_row);
    y_ = y3;
  }

  void PaintTitle() {
    const std::string text = Heading(view_);
    const LayoutPtr title = Layout(text, {kTitleSize, true, Align::kLeft}, header_width_);
    const double height = Height(title.get());
    EnsureSpace(18.0 + height + 12.0);
    y_ += 18.0;
    Show(title.get(), kContentLeft, y_);
    y_ += height + 5.0;
    Line(kContentLeft, y_, kContentLeft + header_width_, y_, kThickLine);
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
      Show(label.get(), kContentLeft, y_);
      Show(value.get(), kContentLeft + kLabelWidth, y_);
      y_ += height + 6.0;
    }
    y_ += 4.0;
  }

  // The payment QR code at the right of the title and the parties, its caption below it; the
  // table starts below whichever of the two ends lower.
  void PaintQr(double top) {
    if (qr_ == nullptr) {
      return;
    }
    const double x = kContentRight - kQrSide;
    const double y = top + 12.0;
    if (draw_) {
      common::render::DrawQr(cr_, *qr_, x, y, kQrSide);
    }
    const LayoutPtr caption =
        Layout("Оплата по QR-коду", {kSmallSize, false, Align::kCenter}, kQrSide);
    Show(caption.get(), x, y + kQrSide);
    y_ = std::max(y_, y + kQrSide + Height(caption.get()) + 8.0);
  }

  double TableHeaderHeight() const {
    double height = 0;
    for (const Column& column : kColumns) {
      const LayoutPtr layout =
          Layout(column.title, {kTableSize, true, Align::kCenter}, column.width - 2 * kPadX);
      height = std::max(height, Height(layout.get()) + 2 * kPadY);
    }
    return height;
  }

  void PaintTableHeader() {
    const double height = header_height_;
    Shade(kContentLeft, y_, kContentWidth, height);
    double x = kContentLeft;
    for (const Column& column : kColumns) {
      const LayoutPtr layout =
          Layout(column.title, {kTableSize, true, Align::kCenter}, column.width - 2 * kPadX);
      // Centre vertically: a wrapped title in one column must not leave the others top-heavy.
      Show(layout.get(), x + kPadX, y_ + (height - Height(layout.get())) / 2);
      Frame(x, y_, column.width, height);
      x += column.width;
    }
    y_ += height;
  }

  void PaintTable() {
    header_height_ = TableHeaderHeight();
    // Start the table on a new page rather than leave a lonely header at the bottom.
    EnsureSpace(3 * header_height_);
    in_table_ = true;
    PaintTableHeader();
    std::size_t number = 0;
    for (const DocumentLineView& item : view_.lines) {
      PaintRow({std::to_string(++number), item.description, item.quantity, item.unit, item.price,
                item.amount});
    }
    in_table_ = false;
  }

  // Vertical extents of every text line of every cell, in row coordinates.
  static std::vector<std::pair<double, double>> LineRanges(
      const std::array<LayoutPtr, kColumnCount>& cells) {
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
  void PaintRowSlice(const std::array<LayoutPtr, kColumnCount>& cells, double from, double to) {
    const double height = to - from;
    if (draw_) {
      cairo_save(cr_);
      cairo_rectangle(cr_, kContentLeft, y_, kContentWidth, height);
      cairo_clip(cr_);
    }
    double x = kContentLeft;
    for (std::size_t i = 0; i < kColumnCount; ++i) {
      Show(cells[i].get(), x + kPadX, y_ - from + kPadY);
      x += kColumns[i].width;
    }
    if (draw_) {
      cairo_restore(cr_);
    }
    x = kContentLeft;
    for (const Column& column : kColumns) {
      Frame(x, y_, column.width, height);
      x += column.width;
    }
    y_ += height;
  }

  void PaintRow(const std::array<std::string, kColumnCount>& texts) {
    std::array<LayoutPtr, kColumnCount> cells;
    double height = 0;
    for (std::size_t i = 0; i < kColumnCount; ++i) {
      cells[i] =
          Layout(texts[i], {kTableSize, false, kColumns[i].align}, kColumns[i].width - 2 * kPadX);
      height = std::max(height, Height(cells[i].get()) + 2 * kPadY);
    }
    const double page_room = kContentBottom - kContentTop - header_height_;
    // A row normally moves to the next page whole; only one taller than a whole page is split,
    // between text lines, so that no text runs off the page.
    if (y_ + height > kContentBottom && height <= page_room) {
      NewPage();
    }
    double shown = 0;  // how much of the row earlier pages already hold
    while (true) {
      const double room = kContentBottom - y_;
      if (height - shown <= room) {
        PaintRowSlice(cells, shown, height);
        return;
      }
      if (room < kTableSize * 2) {
        NewPage();
        continue;
      }
      const double cut = CutPosition(LineRanges(cells), shown, shown + room);
      PaintRowSlice(cells, shown, cut);
      shown = cut;
      NewPage();
    }
  }

  // Totals, the amount in words, payment terms and signatures.
  void PaintTrailer() {
    std::vector<Block> blocks;
    const auto add_total = [&](const std::string& label_text, const std::string& value_text) {
      constexpr double kAmountX = kContentRight - kAmountWidth;
      auto label = std::make_shared<LayoutPtr>(
          Layout(label_text, {kBodySize, true, Align::kRight}, kAmountX - kContentLeft - kPadX));
      auto value = std::make_shared<LayoutPtr>(
          Layout(value_text, {kBodySize, true, Align::kRight}, kAmountWidth - 2 * kPadX));
      const double height = std::max(Height(label->get()), Height(value->get())) + 3.0;
      blocks.push_back({height, [this, label, value](double y) {
                          Show(label->get(), kContentLeft, y);
                          Show(value->get(), kContentRight - kAmountWidth + kPadX, y);
                        }});
    };
    const auto add_text = [&](const std::string& text, Style style, double space_before) {
      auto layout = std::make_shared<LayoutPtr>(Layout(text, style, kContentWidth));
      blocks.push_back(
          {space_before + Height(layout->get()), [this, layout, space_before](double y) {
             Show(layout->get(), kContentLeft, y + space_before);
           }});
    };

    blocks.push_back({4.0, [](double) {}});
    add_total("Итого:", view_.net_total);
    // Our prices exclude VAT: it is added on top ("НДС 22%:"), not contained ("В том числе").
    add_total(view_.vat_label + ":", view_.vat_amount);
    add_total(view_.total_label, view_.total);
    add_text(view_.count_label + " " + std::to_string(view_.lines.size()) + ", на сумму " +
                 view_.total + " руб.",
             {kBodySize, false, Align::kLeft}, 8.0);
    add_text(view_.total_in_words, {kBodySize, true, Align::kLeft}, 1.0);
    if (!view_.payment_terms.empty()) {
      add_text(view_.payment_terms, {kTableSize, false, Align::kLeft}, 8.0);
    }
    if (!view_.statement.empty()) {
      add_text(view_.statement, {kBodySize, false, Align::kLeft}, 8.0);
    }
    blocks.push_back({14.0, [this](double y) {
                        Line(kContentLeft, y + 6.0, kContentRight, y + 6.0, kThickLine);
                      }});
    AddSignatures(blocks);

    double total = 0;
    for (const Block& block : blocks) {
      total += block.height;
    }
    // Keep the whole trailer together when it fits on a page; otherwise let it flow.
    if (y_ + total > kContentBottom && total <= kContentBottom - kContentTop) {
      NewPage();
    }
    for (const Block& block : blocks) {
      EnsureSpace(block.height);
      block.paint(y_);
      y_ += block.height;
    }
  }

  // "Руководитель ______ Name" and "Главный бухгалтер ______ Name" (or the view's signatures)
  // side by side, each with "М.П." below when the view asks for stamp places.
  void AddSignatures(std::vector<Block>& blocks) {
    std::vector<SignatureView> people = view_.signatures;
    if (people.empty()) {
      people = {{"Руководитель", view_.director}, {"Главный бухгалтер", view_.chief_accountant}};
    }
    const double column = kContentWidth / static_cast<double>(people.size());
    constexpr double kRuleWidth = 70.0;
    constexpr double kGap = 5.0;
    struct Signature {
      std::shared_ptr<LayoutPtr> label, name, caption;
      double rule_x = 0;
    };
    std::vector<Signature> signatures;
    signatures.reserve(people.size());
    double height = 0;
    double x = kContentLeft;
    for (const SignatureView& person : people) {
      Signature signature;
      signature.label =
          std::make_shared<LayoutPtr>(Layout(person.role, {kBodySize, true, Align::kLeft}, 0));
      signature.rule_x = x + Width(signature.label->get()) + kGap;
      const double name_width =
          std::max(20.0, x + column - 12.0 - (signature.rule_x + kRuleWidth + kGap));
      signature.name = std::make_shared<LayoutPtr>(
          Layout(person.name, {kBodySize, false, Align::kLeft}, name_width));
      signature.caption =
          std::make_shared<LayoutPtr>(Layout("подпись", {6.0, false, Align::kCenter}, kRuleWidth));
      height =
          std::max(height, std::max(Height(signature.label->get()), Height(signature.name->get())) +
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
                          const double baseline = y + pango_layout_get_baseline(s.label->get()) /
                                                          static_cast<double>(PANGO_SCALE);
                          Show(s.label->get(), s.rule_x - Width(s.label->get()) - kGap, y);
                          Line(s.rule_x, baseline + 1.5, s.rule_x + kRuleWidth, baseline + 1.5);
                          Show(s.caption->get(), s.rule_x, baseline + 2.5);
                          Show(s.name->get(), s.rule_x + kRuleWidth + kGap, y);
                        }
                      }});
  }

  cairo_t* cr_;
  PangoContext* context_;
  const DocumentView& view_;
  const common::render::QrSymbol* qr_;
  double header_width_;  // the title's and the parties' width: the QR code takes the rest
  int total_pages_;
  bool draw_;
  AttrListPtr attrs_;
  int page_ = 1;
  double y_ = kContentTop;
  bool in_table_ = false;
  double header_height_ = 0;
};

}  // namespace

std::string RenderDocumentPdf(const DocumentView& view) {
  common::render::PdfDocument pdf(view.title + " PDF", kPageWidth, kPageHeight);
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
    pdf.Check(cairo_status(cr.get()), "drawing the invoice");
  }
  return std::move(pdf).Finish();
}

}  // namespace crm::documents
