#pragma once

#include <string>
#include <string_view>

// How names, phones and e-mail addresses are compared when people search and when duplicates are
// looked for. Every function is pure; the database keeps the same forms in its search columns.
namespace crm::registry {

// A company name reduced to what identifies it: Russian and Latin letters in lower case, ё as е,
// quotes and punctuation as spaces, legal-form words (ООО, АО, ИП, "общество с ограниченной
// ответственностью", ...) dropped, words joined by single spaces. "ООО «Ёлка-Строй»" and
// "елка строй" give the same text. The SQL function registry_search_name (migration 0010)
// computes exactly this for the stored search column; a test keeps the two in step.
std::string NormalizeCompanyName(std::string_view name);

// The digits of a phone number as search compares them: a Russian number ("8 846 ...",
// "+7 (846) ...", or 10 digits without the country code) becomes 11 digits starting with 7;
// other numbers keep their digits.
std::string NormalizePhoneDigits(std::string_view phone);

// An e-mail address as search compares it: ASCII letters in lower case.
std::string NormalizeEmail(std::string_view email);

// A LIKE pattern matching any text that contains `fragment`; its '%', '_' and '\' match
// themselves.
std::string ContainsPattern(std::string_view fragment);

}  // namespace crm::registry
