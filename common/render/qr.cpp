#include "common/render/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/render/pdf.h"

namespace crm::common::render {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

QrSymbol EncodeQr(std::string_view data) {
  if (data.empty()) {
    throw std::invalid_argument("QR code: nothing to encode");
  }
  // Version 0: the smallest version that holds the data.
  const std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M));
  if (code == nullptr) {
    const int error = errno;
    if (error == ERANGE) {
      throw std::invalid_argument("QR code: " + std::to_string(data.size()) +
                                  " bytes do not fit in a QR symbol at error correction level M");
    }
    throw std::runtime_error(std::string("QR code: encoding failed: ") + std::strerror(error));
  }
  QrSymbol symbol;
  symbol.size = code->width;
  const std::size_t modules = static_cast<std::size_t>(code->width) * code->width;
  symbol.dark.resize(modules);
  for (std::size_t i = 0; i < modules; ++i) {
    symbol.dark[i] = (code->data[i] & 1U) != 0;  // bit 0: dark; the other bits describe roles
  }
  return symbol;
}

void DrawQr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double side) {
  // One pixel per module, quiet zone included, scaled up without smoothing: the PDF gets one
  // small image with sharp module edges (/Interpolate false). Drawing each module as a vector
  // rectangle costs the PDF surface far more (several milliseconds per code).
  const int pixels = symbol.size + 2 * kQrQuietZone;
  const SurfacePtr image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels, pixels));
  if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("QR code: cannot create the image");
  }
  cairo_surface_flush(image.get());
  unsigned char* data = cairo_image_surface_get_data(image.get());
  const int stride = cairo_image_surface_get_stride(image.get());
  for (int row = 0; row < pixels; ++row) {
    auto* line = reinterpret_cast<uint32_t*>(data + static_cast<std::ptrdiff_t>(row) * stride);
    for (int column = 0; column < pixels; ++column) {
      const int mx = column - kQrQuietZone;
      const int my = row - kQrQuietZone;
      const bool dark =
          mx >= 0 && my >= 0 && mx < symbol.size && my < symbol.size && symbol.Dark(mx, my);
      line[column] = dark ? 0x000000U : 0xFFFFFFU;
    }
  }
  cairo_surface_mark_dirty(image.get());

  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, side / pixels, side / pixels);
  cairo_set_source_surface(cr, image.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle(cr, 0, 0, pixels, pixels);
  cairo_fill(cr);
  cairo_restore(cr);
}

}  // namespace crm::common::render
