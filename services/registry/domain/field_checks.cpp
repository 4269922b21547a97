#include "services/registry/domain/field_checks.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"

namespace crm::registry {

using common::Violations;

namespace {
constexpr int kMaxPhones = 10;
constexpr int kMaxEmails = 10;
}  // namespace

std::string Path(std::string_view prefix, std::string_view field) {
  std::string path(prefix);
  if (!path.empty()) {
    path += '.';
  }
  path += field;
  return path;
}

void CheckName(Violations& v, std::string_view prefix, std::string_view field, std::string* value,
               TextRule rule) {
  v.AddIf(Path(prefix, field), CheckText(*value, rule));
}

// Optional e-mail: trimmed, clean text, then the address shape.
void CheckOptionalEmail(Violations& v, const std::string& path, std::string* value) {
  if (auto problem = CheckText(*value, {.required = false, .max_characters = 254})) {
    v.Add(path, *problem);
  } else if (!value->empty()) {
    v.AddIf(path, CheckEmail(*value));
  }
}

std::optional<std::string> ValidateParent(Violations& v, std::string_view parent,
                                          std::string_view collection, std::string_view example) {
  if (parent.empty()) {
    v.Add("parent", "is required");
    return std::nullopt;
  }
  auto id = common::ParseResourceId(parent, collection);
  if (!id) {
    v.Add("parent", "must be a resource name like " + std::string(example));
  }
  return id;
}

// The date of a required date field, or a violation of `path`.
std::optional<std::chrono::year_month_day> ReadRequiredDate(Violations& v, const std::string& path,
                                                            bool present,
                                                            const google::type::Date& date) {
  if (!present) {
    v.Add(path, "is required");
    return std::nullopt;
  }
  return common::api::ReadDate(v, path, date);
}

// Phones: each checked and normalised; two entries with the same digits are one phone.
// `legacy_path`, when given, names the single field the one phone came from.
void CheckPhones(Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<v1::Phone>* phones,
                 const std::string& legacy_path) {
  if (phones->size() > kMaxPhones) {
    v.Add(prefix, "must list at most " + std::to_string(kMaxPhones) + " phones");
    return;
  }
  std::vector<std::string> seen;
  for (int i = 0; i < phones->size(); ++i) {
    const std::string path =
        legacy_path.empty() ? prefix + "[" + std::to_string(i) + "].number" : legacy_path;
    v1::Phone* phone = phones->Mutable(i);
    phone->set_number(Trim(phone->number()));
    if (phone->number().empty()) {
      v.Add(path, "is required");
      continue;
    }
    if (auto problem = CheckPhone(phone->number())) {
      v.Add(path, *problem);
      continue;
    }
    phone->set_digits(NormalizePhoneDigits(phone->number()));
    if (std::find(seen.begin(), seen.end(), phone->digits()) != seen.end()) {
      v.Add(path, "repeats another phone of the list");
    }
    seen.push_back(phone->digits());
  }
}

void CheckEmails(Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<std::string>* emails,
                 const std::string& legacy_path) {
  if (emails->size() > kMaxEmails) {
    v.Add(prefix, "must list at most " + std::to_string(kMaxEmails) + " e-mail addresses");
    return;
  }
  std::vector<std::string> seen;
  for (int i = 0; i < emails->size(); ++i) {
    const std::string path =
        legacy_path.empty() ? prefix + "[" + std::to_string(i) + "]" : legacy_path;
    std::string* email = emails->Mutable(i);
    *email = Trim(*email);
    if (email->empty()) {
      v.Add(path, "is required");
      continue;
    }
    if (auto problem = CheckEmail(*email)) {
      v.Add(path, *problem);
      continue;
    }
    const std::string key = NormalizeEmail(*email);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      v.Add(path, "repeats another e-mail address of the list");
    }
    seen.push_back(key);
  }
}

void CheckAddress(Violations& v, const std::string& prefix, v1::Address* address) {
  address->set_postal_code(Trim(address->postal_code()));
  address->set_region_code(Trim(address->region_code()));
  const std::string& code = address->postal_code();
  if (!code.empty() && (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        }))) {
    v.Add(prefix + ".postal_code", "must be 6 digits");
  }
  if (!address->region_code().empty() && !FindRegion(address->region_code())) {
    v.Add(prefix + ".region_code",
          "must be the two-digit code of a federal subject, e.g. 63 (Самарская область)");
  }
  CheckName(v, prefix, "city", address->mutable_city(), kOptionalName);
  CheckName(v, prefix, "street_line", address->mutable_street_line(),
            {.required = false, .max_characters = kAddressMaxCharacters});
}

// A website as people type it: a host name with a dot, optionally with a scheme and a path.
std::optional<std::string> CheckWebsite(const std::string& website) {
  const std::string problem = "must be a website like example.ru or https://example.ru/path";
  std::string_view rest = website;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (rest.substr(0, scheme.size()) == scheme) {
      rest.remove_prefix(scheme.size());
    }
  }
  const std::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty() || host.find('.') == std::string_view::npos || host.front() == '.' ||
      host.back() == '.') {
    return problem;
  }
  for (char c : website) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>') {
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace crm::registry
