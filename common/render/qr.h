#pragma once

#include <cairo.h>

#include <cstddef>
#include <string_view>
#include <vector>

// QR codes on printed documents: the data encoded as a QR symbol (libqrencode) and drawn as a
// one-pixel-per-module image scaled without smoothing, so it stays sharp at any resolution.
namespace crm::common::render {

// A QR symbol: `size` × `size` modules, row by row, true where a module is dark.
struct QrSymbol {
  int size = 0;
  std::vector<bool> dark;

  bool Dark(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// The modules of every QR symbol's quiet zone on each side, which scanners need to find it.
inline constexpr int kQrQuietZone = 4;

// Encodes `data` byte for byte (8-bit mode: UTF-8 text stays as it is) with error correction
// level M (15% of the symbol may be damaged), in the smallest version that holds it.
// Throws std::invalid_argument when `data` is empty or longer than a QR symbol holds.
QrSymbol EncodeQr(std::string_view data);

// Draws `symbol` and its quiet zone (white) as a square of `side` user units with its top-left
// corner at (x, y).
void DrawQr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double side);

}  // namespace crm::common::render
