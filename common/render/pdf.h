#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

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

// A pango context for laying out text on `cr`, set up for vector output: unhinted metrics and
// unrounded glyph positions keep text spacing even.
//
// Thread safety: each call makes its own PangoCairoFontMap, so documents rendered at the same time
// on RPC and consumer threads share no pango or cairo object and need no mutex. Pango's
// per-thread default font map would be safe too, but it lives as long as its thread (every RPC
// worker would keep one) and other code on that thread may have replaced it; a private map costs
// about 10 ms per document, mostly font loading. What the maps share underneath (fontconfig's
// configuration, cairo's FreeType font cache) those libraries lock themselves.
ContextPtr NewTextContext(cairo_t* cr);

}  // namespace crm::common::render
