#include "tools/cli/parse.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <limits>
#include <optional>
#include <utility>

#include "common/core/text.h"

namespace crm::cli {
namespace {

using common::AppendUtf8;
using common::ParseHex4;

using crm::planning::v1::ContactType;
using crm::planning::v1::RefusalReason;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Appends `digit` to `value` (value * 10 + digit); false on int64 overflow.
bool PushDigit(int64_t& value, int digit) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (value > (kMax - digit) / 10) {
    return false;
  }
  value = value * 10 + digit;
  return true;
}

bool IsHighSurrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool IsLowSurrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Characters JSON requires to stay escaped inside a string.
bool MustStayEscaped(uint32_t code_point) {
  return code_point < 0x20 || code_point == '"' || code_point == '\\';
}

}  // namespace

int64_t ParseFixedPoint(std::string_view text, int fraction_digits, std::string_view what) {
  auto fail = [&](std::string_view why) -> ArgumentError {
    return ArgumentError(std::string(what) + ": \"" + std::string(text) + "\" " + std::string(why));
  };
  if (text.empty()) {
    throw fail("is empty; expected a number such as 8000 or 8000.50");
  }
  size_t separator = text.find_first_of(".,");
  std::string_view whole = text.substr(0, separator);
  std::string_view fraction =
      separator == std::string_view::npos ? std::string_view() : text.substr(separator + 1);
  if (whole.empty() || !std::all_of(whole.begin(), whole.end(), IsDigit) ||
      (separator != std::string_view::npos &&
       (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), IsDigit)))) {
    throw fail("is not a plain decimal number (digits, optionally '.' or ',' and decimals)");
  }
  if (fraction.size() > static_cast<size_t>(fraction_digits)) {
    throw fail("has more than " + std::to_string(fraction_digits) + " decimal places");
  }
  int64_t value = 0;
  for (char c : whole) {
    if (!PushDigit(value, c - '0')) {
      throw fail("is too large");
    }
  }
  for (int i = 0; i < fraction_digits; ++i) {
    int digit = static_cast<size_t>(i) < fraction.size() ? fraction[i] - '0' : 0;
    if (!PushDigit(value, digit)) {
      throw fail("is too large");
    }
  }
  return value;
}

int64_t ParseRublesToKopecks(std::string_view text) {
  return ParseFixedPoint(text, 2, "price in roubles");
}

int64_t ParseSquareMetresToDm2(std::string_view text) {
  return ParseFixedPoint(text, 2, "area in square metres");
}

ContactType ParseContactType(std::string_view text) {
  static const std::array<std::pair<const char*, ContactType>, 7> kTypes = {{
      {"call", crm::planning::v1::CONTACT_TYPE_CALL},
      {"meeting", crm::planning::v1::CONTACT_TYPE_MEETING},
      {"email", crm::planning::v1::CONTACT_TYPE_EMAIL},
      {"letter", crm::planning::v1::CONTACT_TYPE_LETTER},
      {"visit", crm::planning::v1::CONTACT_TYPE_VISIT},
      {"exhibition_meeting", crm::planning::v1::CONTACT_TYPE_EXHIBITION_MEETING},
      {"other", crm::planning::v1::CONTACT_TYPE_OTHER},
  }};
  std::string key = Lower(text);
  if (key.starts_with("contact_type_")) {
    key = key.substr(std::string_view("contact_type_").size());
  }
  for (const auto& [name, value] : kTypes) {
    if (key == name) {
      return value;
    }
  }
  throw ArgumentError(
      "contact type \"" + std::string(text) +
      "\" is not one of call, meeting, email, letter, visit, exhibition_meeting, other");
}

RefusalReason ParseRefusalReason(std::string_view text) {
  static const std::array<std::pair<const char*, RefusalReason>, 5> kReasons = {{
      {"no_budget", crm::planning::v1::REFUSAL_REASON_NO_BUDGET},
      {"not_target_audience", crm::planning::v1::REFUSAL_REASON_NOT_TARGET_AUDIENCE},
      {"chose_competitor", crm::planning::v1::REFUSAL_REASON_CHOSE_COMPETITOR},
      {"dates_do_not_suit", crm::planning::v1::REFUSAL_REASON_DATES_DO_NOT_SUIT},
      {"other", crm::planning::v1::REFUSAL_REASON_OTHER},
  }};
  std::string key = Lower(text);
  std::replace(key.begin(), key.end(), '-', '_');
  if (key.starts_with("refusal_reason_")) {
    key = key.substr(std::string_view("refusal_reason_").size());
  }
  for (const auto& [name, value] : kReasons) {
    if (key == name) {
      return value;
    }
  }
  throw ArgumentError("refusal reason \"" + std::string(text) +
                      "\" is not one of no_budget, not_target_audience, chose_competitor, "
                      "dates_do_not_suit, other");
}

google::type::Date ParseDate(std::string_view text) {
  auto fail = [&]() {
    return ArgumentError("date \"" + std::string(text) + "\" is not a valid YYYY-MM-DD date");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    throw fail();
  }
  auto number = [&](size_t from, size_t count) {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (!IsDigit(text[i])) {
        throw fail();
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int year = number(0, 4);
  int month = number(5, 2);
  int day = number(8, 2);
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    throw fail();
  }
  int days_in_month = kDays[static_cast<size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  if (day > days_in_month) {
    throw fail();
  }
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

google::protobuf::Timestamp ParseTimestamp(std::string_view text, std::string_view what) {
  google::protobuf::Timestamp ts;
  if (!google::protobuf::util::TimeUtil::FromString(std::string(text), &ts)) {
    throw ArgumentError(std::string(what) + ": \"" + std::string(text) +
                        "\" is not an RFC 3339 timestamp such as 2027-03-01T10:00:00+04:00");
  }
  return ts;
}

std::pair<google::protobuf::Timestamp, google::protobuf::Timestamp> LocalMonthAround(
    int64_t unix_seconds) {
  const std::time_t now = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  localtime_r(&now, &local);
  auto midnight_of_first = [](int year, int month) {  // month 0-11, may be 12
    std::tm day{};
    day.tm_year = year + month / 12;
    day.tm_mon = month % 12;
    day.tm_mday = 1;
    day.tm_isdst = -1;  // let mktime find whether summer time applies
    google::protobuf::Timestamp ts;
    ts.set_seconds(static_cast<int64_t>(std::mktime(&day)));
    return ts;
  };
  return {midnight_of_first(local.tm_year, local.tm_mon),
          midnight_of_first(local.tm_year, local.tm_mon + 1)};
}

std::string UnescapeJsonUnicode(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  size_t i = 0;
  while (i < json.size()) {
    char c = json[i];
    if (!in_string) {
      in_string = c == '"';
      out += c;
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out += c;
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= json.size()) {
      out += c;
      ++i;
      continue;
    }
    if (json[i + 1] != 'u') {
      // Another escape (\n, \", \\ ...): copy both characters so "\\u" is never misread.
      out += json.substr(i, 2);
      i += 2;
      continue;
    }
    std::optional<uint32_t> unit = ParseHex4(json.substr(i + 2));
    if (!unit) {
      out += json.substr(i, 2);
      i += 2;
      continue;
    }
    size_t consumed = 6;
    uint32_t code_point = *unit;
    if (IsHighSurrogate(*unit)) {
      std::optional<uint32_t> low;
      if (i + 12 <= json.size() && json[i + 6] == '\\' && json[i + 7] == 'u') {
        low = ParseHex4(json.substr(i + 8));
      }
      if (!low || !IsLowSurrogate(*low)) {
        out += json.substr(i, 6);  // a lone surrogate cannot be UTF-8: keep the escape
        i += 6;
        continue;
      }
      code_point = 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00);
      consumed = 12;
    } else if (IsLowSurrogate(*unit) || MustStayEscaped(*unit)) {
      out += json.substr(i, 6);
      i += 6;
      continue;
    }
    AppendUtf8(out, code_point);
    i += consumed;
  }
  return out;
}

std::string SafeFileName(std::string_view suggested) {
  size_t slash = suggested.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? suggested : suggested.substr(slash + 1);
  std::string out;
  for (char c : base) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;
    }
  }
  if (out.empty() || out == "." || out == "..") {
    return "document.pdf";
  }
  return out;
}

int ParseEnumNumber(const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix,
                    std::string_view text, std::string_view option) {
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  for (const std::string& candidate : {name, std::string(prefix) + name}) {
    if (const auto* value = descriptor.FindValueByName(candidate); value && value->number() != 0) {
      return value->number();
    }
  }
  std::string known;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const std::string& value = descriptor.value(i)->name();
    if (descriptor.value(i)->number() == 0 || descriptor.value(i)->options().deprecated()) {
      continue;
    }
    std::string shown = value.substr(prefix.size());
    std::transform(shown.begin(), shown.end(), shown.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    known += (known.empty() ? "" : ", ") + shown;
  }
  throw ArgumentError(std::string(option) + ": unknown value '" + std::string(text) +
                      "' (expected " + known + ")");
}

}  // namespace crm::cli
