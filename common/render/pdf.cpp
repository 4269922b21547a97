#include "common/render/pdf.h"

#include <cairo-pdf.h>

#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace crm::common::render {
namespace {

// cairo's write callback; exceptions must not unwind through C, so they become a cairo error.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

// The pool of idle font maps (TextContext).
std::mutex font_map_mutex;
std::vector<FontMapPtr> idle_font_maps;

}  // namespace

PdfDocument::PdfDocument(std::string_view document, double width, double height)
    : document_(document),
      bytes_(std::make_unique<std::string>()),
      surface_(cairo_pdf_surface_create_for_stream(&AppendToString, bytes_.get(), width, height)) {
  Check(cairo_surface_status(surface_.get()), "creating the PDF surface");
}

void PdfDocument::SetTitle(const std::string& title) {
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "Expo CRM");
}

CairoPtr PdfDocument::NewContext() {
  CairoPtr cr(cairo_create(surface_.get()));
  Check(cairo_status(cr.get()), "creating the cairo context");
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  return cr;
}

void PdfDocument::Check(cairo_status_t status, std::string_view what) const {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(document_ + ": " + std::string(what) + ": " +
                             cairo_status_to_string(status));
  }
}

std::string PdfDocument::Finish() && {
  cairo_surface_finish(surface_.get());
  Check(cairo_surface_status(surface_.get()), "writing the PDF");
  surface_.reset();
  return std::move(*bytes_);
}

TextContext::TextContext(cairo_t* cr) {
  {
    const std::lock_guard lock(font_map_mutex);
    if (!idle_font_maps.empty()) {
      font_map_ = std::move(idle_font_maps.back());
      idle_font_maps.pop_back();
    }
  }
  if (font_map_ == nullptr) {
    font_map_.reset(pango_cairo_font_map_new());
  }
  context_.reset(pango_font_map_create_context(font_map_.get()));
  pango_cairo_update_context(cr, context_.get());
  const FontOptionsPtr options(cairo_font_options_create());
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_.get(), options.get());
  pango_context_set_round_glyph_positions(context_.get(), FALSE);
}

TextContext::~TextContext() {
  context_.reset();  // the context refers to its map: gone before the map serves another
  const std::lock_guard lock(font_map_mutex);
  if (idle_font_maps.size() < kIdleFontMaps) {
    idle_font_maps.push_back(std::move(font_map_));
  }
  // Otherwise font_map_ is released with this object, outside no lock worth keeping.
}

}  // namespace crm::common::render
