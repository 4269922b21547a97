#include "services/registry/domain/search_text.h"

#include <array>
#include <cstdint>

#include "common/core/text.h"

namespace crm::registry {
namespace {

// Characters that separate words in a company name. Migration 0010 lists the same ones.
constexpr std::u32string_view kSeparators =
    U"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\u00A0«»„“”‘’‚–—№";

// Legal-form phrases, longest first where one contains another.
constexpr std::array<std::string_view, 14> kLegalFormPhrases = {
    "общество с ограниченной ответственностью",
    "непубличное акционерное общество",
    "публичное акционерное общество",
    "закрытое акционерное общество",
    "открытое акционерное общество",
    "акционерное общество",
    "индивидуальный предприниматель",
    "крестьянское фермерское хозяйство",
    "глава кфх",
    "федеральное государственное унитарное предприятие",
    "государственное унитарное предприятие",
    "муниципальное унитарное предприятие",
    "автономная некоммерческая организация",
    "некоммерческая организация",
};

constexpr std::array<std::string_view, 18> kLegalFormWords = {
    "ооо",  "оао", "зао", "пао", "ао",  "нао", "ип",  "чп",  "гуп",
    "фгуп", "муп", "ано", "нко", "кфх", "тоо", "llc", "ltd", "inc",
};

// The code point at `text[i]` and its length; a byte that does not start well-formed UTF-8 reads
// as itself, length 1.
char32_t ReadUtf8(std::string_view text, std::size_t i, std::size_t* length) {
  uint32_t code_point = 0;
  *length = common::DecodeUtf8At(text, i, &code_point);
  if (*length == 0) {
    *length = 1;
    return static_cast<unsigned char>(text[i]);
  }
  return code_point;
}

// Lower case for Russian and Latin letters, ё as е, separators as spaces.
char32_t Fold(char32_t c) {
  if (c >= U'А' && c <= U'Я') {
    return c + (U'а' - U'А');
  }
  if (c == U'Ё' || c == U'ё') {
    return U'е';
  }
  if (c >= U'A' && c <= U'Z') {
    return c + (U'a' - U'A');
  }
  if (kSeparators.find(c) != std::u32string_view::npos) {
    return U' ';
  }
  return c;
}

// Every non-overlapping occurrence of `from`, left to right, as PostgreSQL's replace() does.
std::string ReplaceAll(const std::string& text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, start)) {
    out.append(text, start, pos - start);
    out.append(to);
    start = pos + from.size();
  }
  out.append(text, start, std::string::npos);
  return out;
}

bool IsLegalFormWord(std::string_view word) {
  for (std::string_view form : kLegalFormWords) {
    if (word == form) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string NormalizeCompanyName(std::string_view name) {
  // Folded, with runs of spaces collapsed and one space at each end, so phrases match as whole
  // words.
  std::string folded = " ";
  for (std::size_t i = 0; i < name.size();) {
    std::size_t length = 0;
    const char32_t c = Fold(ReadUtf8(name, i, &length));
    i += length;
    if (c == U' ' && folded.back() == ' ') {
      continue;
    }
    common::AppendUtf8(folded, c);
  }
  if (folded.back() != ' ') {
    folded += ' ';
  }
  for (std::string_view phrase : kLegalFormPhrases) {
    std::string padded = " ";
    padded += phrase;
    padded += ' ';
    folded = ReplaceAll(folded, padded, " ");
  }
  std::string normalized;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) {
      end = folded.size();
    }
    std::string_view word(folded.data() + start, end - start);
    if (!word.empty() && !IsLegalFormWord(word)) {
      if (!normalized.empty()) {
        normalized += ' ';
      }
      normalized += word;
    }
    start = end + 1;
  }
  return normalized;
}

std::string NormalizePhoneDigits(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      digits += c;
    }
  }
  if (digits.size() == 11 && digits[0] == '8') {
    digits[0] = '7';
  } else if (digits.size() == 10) {
    digits.insert(digits.begin(), '7');
  }
  return digits;
}

std::string NormalizeEmail(std::string_view email) {
  std::string lowered(email);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lowered;
}

std::string ContainsPattern(std::string_view fragment) {
  std::string pattern = "%";
  for (char c : fragment) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern += '\\';
    }
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace crm::registry
