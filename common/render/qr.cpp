#include "common/render/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

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
  const double module = side / (symbol.size + 2 * kQrQuietZone);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  const double left = x + kQrQuietZone * module;
  const double top = y + kQrQuietZone * module;
  for (int row = 0; row < symbol.size; ++row) {
    int column = 0;
    while (column < symbol.size) {
      if (!symbol.Dark(column, row)) {
        ++column;
        continue;
      }
      const int start = column;
      while (column < symbol.size && symbol.Dark(column, row)) {
        ++column;
      }
      cairo_rectangle(cr, left + start * module, top + row * module, (column - start) * module,
                      module);
    }
  }
  // One fill for the whole path: touching rectangles merge, no hairline seams between modules.
  cairo_fill(cr);
  cairo_restore(cr);
}

}  // namespace crm::common::render
