#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/errors.h"
#include "google/type/date.pb.h"

// google.type.Date, one rule for every service: a date is valid when it is a full calendar date
// that exists — year 1 to 9999, month and day set, the day in that month of that year (leap
// years by std::chrono). A date with a zero year, month or day (a partial date, or the unset
// all-zero default) is not a valid date; a field that may be unset says so with has_...() or
// IsUnsetDate before asking. Stored and exchanged as ISO 8601 "YYYY-MM-DD".
namespace crm::common::api {

inline constexpr char kInvalidDate[] =
    "must be a full calendar date that exists (year 1-9999, month 1-12, a valid day)";

// The date `date` names, or nullopt when it is not valid.
std::optional<std::chrono::year_month_day> CalendarDate(const google::type::Date& date);

// The same, adding kInvalidDate as a violation of `field` when it is not valid.
std::optional<std::chrono::year_month_day> ReadDate(Violations& violations, std::string field,
                                                    const google::type::Date& date);

// All zero: the proto default of an unset date.
bool IsUnsetDate(const google::type::Date& date);

google::type::Date ProtoDate(std::chrono::year_month_day date);

// "YYYY-MM-DD" of a valid date; for a google.type.Date that is not valid, std::invalid_argument
// (it should have been refused as bad input before).
std::string IsoDate(std::chrono::year_month_day date);

// The calendar date of `t` in the process's time zone (TZ, set from CRM_TIME_ZONE by
// ServiceMain): a sale's VAT, a document's date, follow the date where the company is, not UTC.
// Throws std::invalid_argument for a time the C library cannot convert.
std::chrono::year_month_day LocalDate(const google::protobuf::Timestamp& t);
std::string IsoDate(const google::type::Date& date);
// The inverse: nullopt unless `text` is exactly that form of a valid date.
std::optional<std::chrono::year_month_day> ParseIsoDate(std::string_view text);

}  // namespace crm::common::api
