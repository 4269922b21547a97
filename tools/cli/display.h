#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// How the `crm` command line shows values to a person, in Russian conventions: amounts as
// "122 000,00 ₽" and areas as "12,5 м²" (digit groups and the unit separated by U+00A0 NO-BREAK
// SPACE, the separator common/ru uses in documents too), dates as 16.03.2027, times in the local
// time zone (TZ) as 16.03.2027 10:00. Pure functions; scripts read `-o json` instead.
namespace crm::cli {

// 12200000, "RUB" -> "122 000,00 ₽"; another currency keeps its code: "1 500,00 USD". An empty
// code is taken as roubles.
std::string MoneyText(int64_t minor_units, std::string_view currency_code);

// Square decimetres as square metres: 1250 -> "12,5 м²", 180000 -> "1 800 м²".
std::string AreaText(int64_t area_dm2);

// Basis points as a percentage: 2200 -> "22%", 1250 -> "12,5%", 3333 -> "33,33%".
std::string PercentText(int64_t basis_points);

// A calendar date: 2027, 3, 16 -> "16.03.2027"; year 0 (unset) -> "".
std::string DateText(int year, int month, int day);

// Seconds since the Unix epoch in the local time zone: "16.03.2027 10:00".
std::string LocalTimeText(int64_t unix_seconds);

// An enum value without its type's prefix, in lower case: ("CONTACT_STATE_PLANNED",
// "ContactState") -> "planned"; the *_UNSPECIFIED value -> "". A value without the prefix is only
// lower-cased.
std::string EnumText(std::string_view value_name, std::string_view enum_type_name);

}  // namespace crm::cli
