#include "common/api/date.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace crm::common::api {

std::optional<std::chrono::year_month_day> CalendarDate(const google::type::Date& date) {
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return ymd;
}

std::optional<std::chrono::year_month_day> ReadDate(Violations& violations, std::string field,
                                                    const google::type::Date& date) {
  auto ymd = CalendarDate(date);
  if (!ymd) {
    violations.Add(std::move(field), kInvalidDate);
  }
  return ymd;
}

bool IsUnsetDate(const google::type::Date& date) {
  return date.year() == 0 && date.month() == 0 && date.day() == 0;
}

google::type::Date ProtoDate(std::chrono::year_month_day date) {
  google::type::Date out;
  out.set_year(static_cast<int>(date.year()));
  out.set_month(static_cast<int>(static_cast<unsigned>(date.month())));
  out.set_day(static_cast<int>(static_cast<unsigned>(date.day())));
  return out;
}

std::string IsoDate(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string IsoDate(const google::type::Date& date) {
  const auto ymd = CalendarDate(date);
  if (!ymd) {
    throw std::invalid_argument("not a valid date: " + date.ShortDebugString());
  }
  return IsoDate(*ymd);
}

std::optional<std::chrono::year_month_day> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const auto number = [&](std::size_t from, std::size_t length) {
    int value = -1;
    const char* end = text.data() + from + length;
    auto [ptr, error] = std::from_chars(text.data() + from, end, value);
    return error == std::errc() && ptr == end && text[from] != '-' && text[from] != '+' ? value
                                                                                        : -1;
  };
  google::type::Date date;
  date.set_year(number(0, 4));
  date.set_month(number(5, 2));
  date.set_day(number(8, 2));
  return CalendarDate(date);
}

std::chrono::year_month_day LocalDate(const google::protobuf::Timestamp& t) {
  const auto seconds = static_cast<std::time_t>(t.seconds());
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) {
    throw std::invalid_argument("LocalDate: time out of range");
  }
  return std::chrono::year_month_day{std::chrono::year{local.tm_year + 1900},
                                     std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                                     std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

}  // namespace crm::common::api
