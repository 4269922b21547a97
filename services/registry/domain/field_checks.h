#pragma once

#include <google/protobuf/repeated_ptr_field.h>
#include <google/type/date.pb.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/errors.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"  // kNameMaxCharacters

// Field checks the registry's request validation shares across resources (clients, contact
// persons, projects and editions, employees): names, e-mail addresses, phone and e-mail lists,
// postal addresses, websites, parents and dates. Each adds a violation under its field path and
// normalises the value it checked (trimmed, digits extracted).
namespace crm::registry {

inline constexpr std::size_t kAddressMaxCharacters = 1000;
inline constexpr std::size_t kDescriptionMaxCharacters = 5000;
constexpr TextRule kRequiredName{.required = true, .max_characters = kNameMaxCharacters};
constexpr TextRule kOptionalName{.required = false, .max_characters = kNameMaxCharacters};

// "prefix.field"; just "field" when the prefix is empty (a top-level field).
std::string Path(std::string_view prefix, std::string_view field);
void CheckName(common::Violations& v, std::string_view prefix, std::string_view field,
               std::string* value, TextRule rule);
// Optional e-mail: trimmed, clean text, then the address shape.
void CheckOptionalEmail(common::Violations& v, const std::string& path, std::string* value);
// The id of `parent`, a name in `collection`; a violation of "parent" when it is missing or
// malformed (`example` shows the expected shape).
std::optional<std::string> ValidateParent(common::Violations& v, std::string_view parent,
                                          std::string_view collection, std::string_view example);
// The date of a required date field, or a violation of `path`.
std::optional<std::chrono::year_month_day> ReadRequiredDate(common::Violations& v,
                                                            const std::string& path, bool present,
                                                            const google::type::Date& date);
// Phones: each checked and normalised; two entries with the same digits are one phone.
// `legacy_path`, when given, names the single field the one phone came from.
void CheckPhones(common::Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<v1::Phone>* phones,
                 const std::string& legacy_path);
// E-mail addresses: each checked; two with the same normalised key are one address.
void CheckEmails(common::Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<std::string>* emails,
                 const std::string& legacy_path);
void CheckAddress(common::Violations& v, const std::string& prefix, v1::Address* address);
std::optional<std::string> CheckWebsite(const std::string& website);

// The legacy single field (`phone`, `email`) edits the first entry of its list.
inline void SetEntry(v1::Phone* phone, const std::string& number) { phone->set_number(number); }
inline void SetEntry(std::string* email, const std::string& address) { *email = address; }
template <class List>
void ReplaceFirst(List* list, const std::string& value) {
  if (Trim(value).empty()) {
    if (list->size() > 0) {
      list->erase(list->begin());
    }
  } else if (list->size() == 0) {
    SetEntry(list->Add(), value);
  } else {
    SetEntry(list->Mutable(0), value);
  }
}

}  // namespace crm::registry
