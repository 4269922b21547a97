#include "common/core/text.h"

#include <algorithm>
#include <cstdint>

namespace crm::common {
namespace {

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::optional<uint32_t> ParseHex4(std::string_view text) {
  if (text.size() < 4) {
    return std::nullopt;
  }
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    char c = text[i];
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return value;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::size_t DecodeUtf8At(std::string_view text, std::size_t i, uint32_t* code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  uint32_t value = 0;
  uint32_t minimum = 0;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return 0;
  }
  *code_point = value;
  return length;
}

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsAsciiSpace(text[begin])) {
    ++begin;
  }
  while (end > begin && IsAsciiSpace(text[end - 1])) {
    --end;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    uint32_t code_point = 0;
    std::size_t length = DecodeUtf8At(text, i, &code_point);
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

std::size_t CharacterCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    // Every code point has exactly one byte that is not a continuation byte.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

bool HasControlCharacters(std::string_view text, bool line_breaks) {
  for (std::size_t i = 0; i < text.size();) {
    uint32_t code_point = 0;
    std::size_t length = DecodeUtf8At(text, i, &code_point);
    if (length == 0) {
      return false;
    }
    const bool line_break = code_point == '\n' || code_point == '\r' || code_point == '\t';
    if ((code_point < 0x20 && !(line_breaks && line_break)) ||
        (code_point >= 0x7F && code_point <= 0x9F)) {
      return true;
    }
    i += length;
  }
  return false;
}

std::optional<std::string> CheckText(std::string& value, TextRule rule) {
  value = Trim(value);
  if (value.empty()) {
    return rule.required ? std::optional<std::string>("is required") : std::nullopt;
  }
  if (!IsValidUtf8(value)) {
    return "must be valid UTF-8 text";
  }
  if (HasControlCharacters(value, rule.line_breaks)) {
    return rule.line_breaks ? "must not contain control characters"
                            : "must not contain control characters (line breaks and tabs included)";
  }
  if (CharacterCount(value) > rule.max_characters) {
    return "must be at most " + std::to_string(rule.max_characters) + " characters";
  }
  return std::nullopt;
}

std::optional<std::string> CheckEmail(std::string_view email) {
  constexpr std::string_view kShape = "must be an e-mail address like name@example.ru";
  if (email.size() > 254 || !IsValidUtf8(email)) {
    return std::string(kShape);
  }
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return std::string(kShape);
  }
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return std::string(kShape);
  }
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') {
      return std::string(kShape);
    }
  }
  if (HasControlCharacters(email)) {
    return std::string(kShape);
  }
  return std::nullopt;
}

std::optional<std::string> CheckPhone(std::string_view phone) {
  constexpr std::string_view kShape =
      "must be a phone number: 5 to 20 digits with optional '+', spaces, parentheses and dashes";
  if (phone.size() > 40) {
    return std::string(kShape);
  }
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '+' && c != ' ' && c != '(' && c != ')' && c != '-') {
      return std::string(kShape);
    }
  }
  if (digits < 5 || digits > 20) {
    return std::string(kShape);
  }
  return std::nullopt;
}

std::optional<int64_t> ParseHundredths(std::string_view text) {
  std::string value;
  const std::string trimmed = Trim(text);
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    if (trimmed[i] == ' ') {
      continue;
    }
    if (trimmed.compare(i, 2, "\xC2\xA0") == 0) {  // a non-breaking space
      ++i;
      continue;
    }
    value += trimmed[i] == ',' ? '.' : trimmed[i];
  }
  const auto dot = value.find('.');
  const std::string whole = value.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : value.substr(dot + 1);
  if (whole.empty() || whole.size() > 13 || fraction.size() > 2 || !AllDigits(whole) ||
      !AllDigits(fraction)) {
    return std::nullopt;
  }
  fraction.resize(2, '0');
  return std::stoll(whole) * 100 + std::stoll(fraction);
}

}  // namespace crm::common
