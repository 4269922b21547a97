#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

// What every PDF the services render shares: ownership of cairo's and pango's C objects, and a
// PDF surface that writes into memory and reports cairo's errors as exceptions naming the
// document. The layout of each document stays with its renderer.
namespace crm::common::render {

constexpr double kPointsPerMm = 72.0 / 25.4;
// The one font family every document uses: DejaVu has Cyrillic and the № and ₽ signs.
constexpr char kFontFamily[] = "DejaVu Sans";

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
  void operator()(cairo_font_options_t* options) const { cairo_font_options_destroy(options); }
};
struct PangoDeleter {
  void operator()(PangoFontDescription* desc) const { pango_font_description_free(desc); }
  void operator()(PangoAttrList* attrs) const { pango_attr_list_unref(attrs); }
  void operator()(PangoLayoutIter* iter) const { pango_layout_iter_free(iter); }
};
struct GObjectDeleter {
  void operator()(gpointer object) const { g_object_unref(object); }
};

using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, CairoDeleter>;
using FontDescPtr = std::unique_ptr<PangoFontDescription, PangoDeleter>;
using AttrListPtr = std::unique_ptr<PangoAttrList, PangoDeleter>;
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, PangoDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;

// A PDF document of `width` x `height` points written into memory:
//   PdfDocument pdf("invoice PDF", width, height);
//   CairoPtr cr = pdf.NewContext();
//   ... draw, cairo_show_page(cr.get()) per page ...
//   std::string bytes = std::move(pdf).Finish();
class PdfDocument {
 public:
  // `document` names the document in error messages ("invoice PDF: writing the PDF: ...").
  PdfDocument(std::string_view document, double width, double height);

  // Sets the document's title; its creator is Expo CRM.
  void SetTitle(const std::string& title);
  // A drawing context on the document, drawing in black; throws when cairo cannot make one.
  CairoPtr NewContext();
  cairo_surface_t* surface() const { return surface_.get(); }

  // Throws std::runtime_error naming the document and `what` when `status` is an error.
  void Check(cairo_status_t status, std::string_view what) const;

  // Ends the document (every context must be gone) and returns its bytes.
  std::string Finish() &&;

 private:
  std::string document_;
  // Declared before the surface: cairo writes into it until the surface is finished.
  std::unique_ptr<std::string> bytes_;
  SurfacePtr surface_;
};

// A pango context for laying out text on `cr` while it lives, set up for vector output: unhinted
// metrics and unrounded glyph positions keep text spacing even.
//
// Thread safety and speed: a PangoCairoFontMap is not thread-safe, and making one per document
// costs about 10 ms (mostly loading fonts), more than laying out the whole invoice. So font maps
// are lent from a shared pool: each serves one document at a time, on whichever thread renders
// it, and goes back to the pool (fonts still loaded) when the TextContext is destroyed. The pool
// holds as many maps as documents were rendered at once, at most kIdleFontMaps of them idle.
// What the maps share underneath (fontconfig's configuration, cairo's FreeType font cache) those
// libraries lock themselves.
class TextContext {
 public:
  explicit TextContext(cairo_t* cr);
  ~TextContext();
  TextContext(const TextContext&) = delete;
  TextContext& operator=(const TextContext&) = delete;

  PangoContext* get() const { return context_.get(); }

 private:
  FontMapPtr font_map_;
  ContextPtr context_;
};

// Idle font maps the pool keeps; more renders at once than this make maps that are then freed.
inline constexpr std::size_t kIdleFontMaps = 8;

}  // namespace crm::common::render
