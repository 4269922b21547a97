#include "tools/cli/display.h"

#include <cctype>
#include <ctime>

#include "common/ru/money.h"

namespace crm::cli {
namespace {

namespace ru = crm::common::ru;

std::string TwoDigits(int value) {
  return std::string(1, static_cast<char>('0' + value / 10 % 10)) +
         static_cast<char>('0' + value % 10);
}

// "ContactState" -> "CONTACT_STATE_".
std::string EnumPrefix(std::string_view type_name) {
  std::string prefix;
  for (std::size_t i = 0; i < type_name.size(); ++i) {
    const auto c = static_cast<unsigned char>(type_name[i]);
    if (i > 0 && std::isupper(c)) {
      prefix += '_';
    }
    prefix += static_cast<char>(std::toupper(c));
  }
  return prefix + "_";
}

}  // namespace

std::string MoneyText(int64_t minor_units, std::string_view currency_code) {
  const bool roubles = currency_code.empty() || currency_code == "RUB";
  return ru::FormatRubles(minor_units) + ru::kGroupSeparator +
         (roubles ? std::string("\xE2\x82\xBD") : std::string(currency_code));
}

std::string AreaText(int64_t area_dm2) {
  return ru::FormatAreaM2(area_dm2) + ru::kGroupSeparator + "\xD0\xBC\xC2\xB2";
}

std::string PercentText(int64_t basis_points) {
  std::string out = basis_points < 0 ? "-" : "";
  const uint64_t magnitude = basis_points < 0 ? 0 - static_cast<uint64_t>(basis_points)
                                              : static_cast<uint64_t>(basis_points);
  out += std::to_string(magnitude / 100);
  const uint64_t hundredths = magnitude % 100;
  if (hundredths != 0) {
    out += ',';
    out += static_cast<char>('0' + hundredths / 10);
    if (hundredths % 10 != 0) {
      out += static_cast<char>('0' + hundredths % 10);
    }
  }
  return out + "%";
}

std::string DateText(int year, int month, int day) {
  if (year == 0) {
    return {};
  }
  std::string y = std::to_string(year);
  if (y.size() < 4) {
    y.insert(0, 4 - y.size(), '0');
  }
  return TwoDigits(day) + "." + TwoDigits(month) + "." + y;
}

std::string LocalTimeText(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  if (localtime_r(&t, &local) == nullptr) {
    return std::to_string(unix_seconds);
  }
  return DateText(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday) + " " +
         TwoDigits(local.tm_hour) + ":" + TwoDigits(local.tm_min);
}

std::string EnumText(std::string_view value_name, std::string_view enum_type_name) {
  const std::string prefix = EnumPrefix(enum_type_name);
  std::string_view rest = value_name;
  if (rest.starts_with(prefix)) {
    rest.remove_prefix(prefix.size());
  }
  if (rest == "UNSPECIFIED") {
    return {};
  }
  std::string out(rest);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace crm::cli
