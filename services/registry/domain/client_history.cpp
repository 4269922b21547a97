#include "services/registry/domain/client_history.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "services/registry/domain/search_text.h"

namespace crm::registry {
namespace {

using google::protobuf::FieldDescriptor;

constexpr std::array<std::string_view, 6> kNotCompared = {"name", "create_time", "update_time",
                                                          "etag", "geography",   "creator"};

// The canonical JSON of one field of `client` ("" when the field is absent or default).
std::string FieldJson(const v1::Client& client, const FieldDescriptor* field) {
  v1::Client source = client;
  v1::Client only;
  v1::Client::GetReflection()->SwapFields(&source, &only, {field});
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(only, &json, options).ok()) {
    return "";
  }
  // {"field":value} -> value; an absent field prints {}.
  const std::size_t colon = json.find("\":");
  if (colon == std::string::npos || json.size() < colon + 3) {
    return "";
  }
  return json.substr(colon + 2, json.size() - colon - 3);
}

}  // namespace

std::vector<v1::FieldChange> DiffClients(const v1::Client& before, const v1::Client& after) {
  std::vector<v1::FieldChange> changes;
  const auto* descriptor = v1::Client::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (std::find(kNotCompared.begin(), kNotCompared.end(), field->name()) != kNotCompared.end()) {
      continue;
    }
    // `phone` and `email` are the first of their lists, which are compared themselves.
    if (field->name() == "phone" || field->name() == "email") {
      continue;
    }
    std::string old_value = FieldJson(before, field);
    std::string new_value = FieldJson(after, field);
    if (old_value != new_value) {
      v1::FieldChange change;
      change.set_field(field->name());
      change.set_before(std::move(old_value));
      change.set_after(std::move(new_value));
      changes.push_back(std::move(change));
    }
  }
  return changes;
}

const std::vector<std::string>& RestorableClientFields() {
  static const std::vector<std::string> kFields = {"display_name",
                                                   "legal_name",
                                                   "kpp",
                                                   "ogrn",
                                                   "legal_address",
                                                   "legal_form",
                                                   "legal_address_details",
                                                   "postal_address",
                                                   "industry_code",
                                                   "okved_codes",
                                                   "phones",
                                                   "emails",
                                                   "website",
                                                   "lead_source",
                                                   "lead_source_kind",
                                                   "notes",
                                                   "head_client"};
  return kFields;
}

v1::Client UpgradeSnapshot(v1::Client snapshot) {
  if (snapshot.phones_size() == 0 && !snapshot.phone().empty()) {
    v1::Phone* phone = snapshot.add_phones();
    phone->set_number(snapshot.phone());
    phone->set_digits(NormalizePhoneDigits(snapshot.phone()));
  }
  if (snapshot.emails_size() == 0 && !snapshot.email().empty()) {
    snapshot.add_emails(snapshot.email());
  }
  return snapshot;
}

}  // namespace crm::registry
