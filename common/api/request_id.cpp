#include "common/api/request_id.h"

#include <cstdint>

namespace crm::common::api {
namespace {

// The code point starting at `text[i]`, advancing `i`; nullopt-like -1 for invalid UTF-8
// (overlong forms, surrogates and values above U+10FFFF included).
int32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  int32_t code = 0;
  int32_t least = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, least = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, least = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, least = 0x10000;
  } else {
    return -1;
  }
  if (i + length > text.size()) {
    return -1;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return -1;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return -1;
  }
  i += length;
  return code;
}

}  // namespace

bool IsPrintableText(std::string_view text, std::size_t max_characters) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size();) {
    const int32_t code = NextCodePoint(text, i);
    if (code < 0x20 || (code >= 0x7F && code <= 0x9F) || ++characters > max_characters) {
      return false;  // invalid (-1), a control character, or too long
    }
  }
  return true;
}

void CheckRequestId(Violations& violations, std::string_view request_id, std::string field) {
  if (!request_id.empty() && !IsPrintableText(request_id, kMaxRequestIdCharacters)) {
    violations.Add(std::move(field), "must be printable text of at most " +
                                         std::to_string(kMaxRequestIdCharacters) +
                                         " characters (a UUID)");
  }
}

}  // namespace crm::common::api
