#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "crm/planning/v1/planning.pb.h"
#include "google/type/date.pb.h"

// Pure helpers of the `crm` command line: turning what a person types into exact request values
// (no floating point for money or area) and tidying the JSON we print. No I/O here, so every rule
// is unit-tested.
namespace crm::cli {

// A value on the command line that cannot be turned into a request field. The message names the
// option and says what was expected.
class ArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "8000", "8000.5", "8000.50", "8000,50" (decimal comma too) -> 800050 minor units for
// `fraction_digits` = 2. No sign, no exponent, no more fraction digits than `fraction_digits`
// (an amount that is not a whole number of minor units is rejected rather than rounded).
// Throws ArgumentError naming `what` on anything else, including overflow of int64.
int64_t ParseFixedPoint(std::string_view text, int fraction_digits, std::string_view what);

// An enum value from what a person types: "corner", "CORNER", "open-area" or the full name
// ("STAND_TYPE_CORNER"), `prefix` being the enum's ("STAND_TYPE_"); the _UNSPECIFIED value is
// refused. Throws ArgumentError naming `option`.
int ParseEnumNumber(const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix,
                    std::string_view text, std::string_view option);
template <class Enum>
Enum ParseEnum(const google::protobuf::EnumDescriptor* descriptor, std::string_view prefix,
               std::string_view text, std::string_view option) {
  return static_cast<Enum>(ParseEnumNumber(*descriptor, prefix, text, option));
}

// Roubles with up to 2 decimals -> kopecks.
int64_t ParseRublesToKopecks(std::string_view text);

// Square metres with up to 2 decimals -> square decimetres (1 m² = 100 dm²): "12.5" -> 1250.
int64_t ParseSquareMetresToDm2(std::string_view text);

// "call" | "meeting" | "email" | "letter", or the full enum name ("CONTACT_TYPE_CALL"),
// case-insensitive.
crm::planning::v1::ContactType ParseContactType(std::string_view text);

// "no_budget" | "not_target_audience" | "chose_competitor" | "dates_do_not_suit" | "other",
// or the full enum name, case-insensitive; '-' is accepted for '_'.
crm::planning::v1::RefusalReason ParseRefusalReason(std::string_view text);

// A calendar date "YYYY-MM-DD" (checked: month 1-12, day within the month, leap years).
google::type::Date ParseDate(std::string_view text);

// An RFC 3339 timestamp with a zone ("2027-03-01T10:00:00+04:00", "...Z").
google::protobuf::Timestamp ParseTimestamp(std::string_view text, std::string_view what);

// The calendar month around `unix_seconds` in the local time zone (TZ): its first midnight and
// the next month's first midnight.
std::pair<google::protobuf::Timestamp, google::protobuf::Timestamp> LocalMonthAround(
    int64_t unix_seconds);

// Protobuf's JSON printer may write non-ASCII characters as \uXXXX escapes; a person reading
// Russian names wants the characters. Rewrites every \uXXXX escape (surrogate pairs included)
// inside JSON strings as UTF-8, except those that must stay escaped in JSON (control characters,
// '"' and '\\'). Other escapes and everything outside strings are copied unchanged; a malformed
// escape is left as it is.
std::string UnescapeJsonUnicode(std::string_view json);

// A file name safe to create in the current directory from a name chosen by the server: the
// last path component, without control characters; "document.pdf" when nothing is left.
std::string SafeFileName(std::string_view suggested);

}  // namespace crm::cli
