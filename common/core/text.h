#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Checks of free text typed by people: every text field goes through these before it reaches
// the database, so stored text is trimmed, valid UTF-8 and free of control characters.
namespace crm::common {

// Removes leading and trailing ASCII whitespace.
std::string Trim(std::string_view text);

// ASCII letters in lower case, other bytes as they are: the canonical form of ids and codes
// ("clients/3F2A…" and "clients/3f2a…" name one client).
std::string LowerAscii(std::string_view text);

bool IsValidUtf8(std::string_view text);

// Decodes the code point starting at `text[i]` (i < text.size()) into `code_point`; returns its
// length in bytes, 0 when the bytes there are not well-formed UTF-8 (overlong forms, surrogates
// and values above U+10FFFF included).
std::size_t DecodeUtf8At(std::string_view text, std::size_t i, uint32_t* code_point);

// Appends `code_point` (at most U+10FFFF, not a surrogate) encoded in UTF-8.
void AppendUtf8(std::string& out, uint32_t code_point);

// The value of the four hex digits `text` starts with (a JSON \uXXXX escape); nullopt when
// there are fewer or one is not a hex digit.
std::optional<uint32_t> ParseHex4(std::string_view text);

// Unicode code points in valid UTF-8 text.
std::size_t CharacterCount(std::string_view text);

// C0 controls (tab and newline included unless `line_breaks`), DEL and C1 controls; `text`
// must be valid UTF-8.
bool HasControlCharacters(std::string_view text, bool line_breaks = false);

struct TextRule {
  bool required = false;
  std::size_t max_characters = 500;
  // Descriptions may span lines; names and addresses may not.
  bool line_breaks = false;
};

// Trims `value` in place, then returns what is wrong with it, or nullopt.
std::optional<std::string> CheckText(std::string& value, TextRule rule);

// A plausible e-mail address: one '@' between a non-empty local part and a dotted domain, no
// spaces, at most 254 characters. Deliverability is not our business.
std::optional<std::string> CheckEmail(std::string_view email);

// A phone number as people write it: digits, '+', spaces, parentheses and dashes, with 5 to 20
// digits in all.
std::optional<std::string> CheckPhone(std::string_view phone);

// A non-negative decimal with at most two decimals in hundredths, as people type amounts and areas
// in a spreadsheet: "12,5" and "12.50" are 1250, "1 500 000" is 150000000 (spaces, also
// non-breaking, group digits). nullopt for anything else.
std::optional<int64_t> ParseHundredths(std::string_view text);

}  // namespace crm::common
