#include "services/registry/domain/resource_history.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <memory>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/core/ids.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::auth::Role;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kHistoryNameFormats[] =
    "must be a resource name like clients/{uuid}/contactPersons/{uuid}, projects/{uuid}, "
    "projects/{uuid}/editions/{uuid} or groups/{uuid}";

// Copies field `field` of `from` into `to`, an empty message of the same type: `to` then holds
// that field alone, as it is in `from` (presence included).
void CopyField(const Message& from, const FieldDescriptor* field, Message* to) {
  const Reflection* r = from.GetReflection();
  if (field->is_repeated()) {
    const int size = r->FieldSize(from, field);
    for (int i = 0; i < size; ++i) {
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          r->AddInt32(to, field, r->GetRepeatedInt32(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->AddInt64(to, field, r->GetRepeatedInt64(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          r->AddUInt32(to, field, r->GetRepeatedUInt32(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          r->AddUInt64(to, field, r->GetRepeatedUInt64(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          r->AddDouble(to, field, r->GetRepeatedDouble(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          r->AddFloat(to, field, r->GetRepeatedFloat(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          r->AddBool(to, field, r->GetRepeatedBool(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          r->AddEnumValue(to, field, r->GetRepeatedEnumValue(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          r->AddString(to, field, r->GetRepeatedString(from, field, i));
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          r->AddMessage(to, field)->CopyFrom(r->GetRepeatedMessage(from, field, i));
          break;
      }
    }
    return;
  }
  if (!r->HasField(from, field)) {
    return;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      r->SetInt32(to, field, r->GetInt32(from, field));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      r->SetInt64(to, field, r->GetInt64(from, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      r->SetUInt32(to, field, r->GetUInt32(from, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      r->SetUInt64(to, field, r->GetUInt64(from, field));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      r->SetDouble(to, field, r->GetDouble(from, field));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      r->SetFloat(to, field, r->GetFloat(from, field));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      r->SetBool(to, field, r->GetBool(from, field));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      r->SetEnumValue(to, field, r->GetEnumValue(from, field));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(to, field, r->GetString(from, field));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      r->MutableMessage(to, field)->CopyFrom(r->GetMessage(from, field));
      break;
  }
}

// The canonical JSON of one field of `message` ("" when the field is absent or default): the
// JSON of a message holding that field alone, {"field":value}, cut to its value.
std::string FieldJson(const Message& message, const FieldDescriptor* field) {
  std::unique_ptr<Message> only(message.New());
  CopyField(message, field, only.get());
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(*only, &json, options).ok()) {
    return "";
  }
  // {"field":value} -> value; an absent field prints {}.
  const std::size_t colon = json.find("\":");
  if (colon == std::string::npos || json.size() < colon + 3) {
    return "";
  }
  return json.substr(colon + 2, json.size() - colon - 3);
}

// Whether two messages are certainly the same: the same bytes (a difference in bytes alone, as
// of unknown fields or of a map's order, leaves the answer to their JSON).
bool SameBytes(const Message& a, const Message& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

// Whether field `field` of `a` and of `b` (messages of one type) certainly prints the same JSON:
// the same presence and bitwise the same values. A `false` may still print the same (NaN, unknown
// fields): DiffMessages then compares the JSON itself.
bool SameField(const Message& a, const Message& b, const FieldDescriptor* field) {
  const Reflection* r = a.GetReflection();
  if (field->is_repeated()) {
    const int size = r->FieldSize(a, field);
    if (size != r->FieldSize(b, field)) {
      return false;
    }
    for (int i = 0; i < size; ++i) {
      bool same = true;
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          same = r->GetRepeatedInt32(a, field, i) == r->GetRepeatedInt32(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          same = r->GetRepeatedInt64(a, field, i) == r->GetRepeatedInt64(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          same = r->GetRepeatedUInt32(a, field, i) == r->GetRepeatedUInt32(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          same = r->GetRepeatedUInt64(a, field, i) == r->GetRepeatedUInt64(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          same = std::bit_cast<std::uint64_t>(r->GetRepeatedDouble(a, field, i)) ==
                 std::bit_cast<std::uint64_t>(r->GetRepeatedDouble(b, field, i));
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          same = std::bit_cast<std::uint32_t>(r->GetRepeatedFloat(a, field, i)) ==
                 std::bit_cast<std::uint32_t>(r->GetRepeatedFloat(b, field, i));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          same = r->GetRepeatedBool(a, field, i) == r->GetRepeatedBool(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          same = r->GetRepeatedEnumValue(a, field, i) == r->GetRepeatedEnumValue(b, field, i);
          break;
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string scratch_a;
          std::string scratch_b;
          same = r->GetRepeatedStringReference(a, field, i, &scratch_a) ==
                 r->GetRepeatedStringReference(b, field, i, &scratch_b);
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          same = SameBytes(r->GetRepeatedMessage(a, field, i), r->GetRepeatedMessage(b, field, i));
          break;
      }
      if (!same) {
        return false;
      }
    }
    return true;
  }
  const bool has = r->HasField(a, field);
  if (has != r->HasField(b, field)) {
    return false;
  }
  if (!has) {
    return true;  // both absent (or default): both print ""
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(a, field) == r->GetInt32(b, field);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(a, field) == r->GetInt64(b, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(a, field) == r->GetUInt32(b, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(a, field) == r->GetUInt64(b, field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return std::bit_cast<std::uint64_t>(r->GetDouble(a, field)) ==
             std::bit_cast<std::uint64_t>(r->GetDouble(b, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return std::bit_cast<std::uint32_t>(r->GetFloat(a, field)) ==
             std::bit_cast<std::uint32_t>(r->GetFloat(b, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(a, field) == r->GetBool(b, field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnumValue(a, field) == r->GetEnumValue(b, field);
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch_a;
      std::string scratch_b;
      return r->GetStringReference(a, field, &scratch_a) ==
             r->GetStringReference(b, field, &scratch_b);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return SameBytes(r->GetMessage(a, field), r->GetMessage(b, field));
  }
  return false;
}

// What DiffResourceVersions leaves out of every kind, and of some kinds besides.
constexpr std::array<std::string_view, 7> kResourceNotCompared = {
    "name", "etag", "create_time", "update_time", "member_count", "phone", "email"};

}  // namespace

std::optional<HistoryResource> ReadHistoryResourceName(common::Violations& violations,
                                                       std::string_view name) {
  if (name.empty()) {
    violations.Add("name", "is required");
    return std::nullopt;
  }
  auto resource = ParseHistoryResourceName(name);
  if (!resource) {
    violations.Add("name", kHistoryNameFormats);
  }
  return resource;
}

std::string_view HistoryKindText(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::kContactPerson:
      return "contact_person";
    case HistoryKind::kProject:
      return "project";
    case HistoryKind::kEdition:
      return "edition";
    case HistoryKind::kGroup:
      return "group";
  }
  return "";
}

std::optional<HistoryResource> ParseHistoryResourceName(std::string_view name) {
  if (auto person = ParseContactPersonName(name)) {
    return HistoryResource{HistoryKind::kContactPerson, person->id, person->client_id};
  }
  if (auto edition = common::ParseChildResourceId(name, "projects", "editions")) {
    return HistoryResource{HistoryKind::kEdition, edition->second, edition->first};
  }
  if (auto project = common::ParseResourceId(name, "projects")) {
    return HistoryResource{HistoryKind::kProject, *project, ""};
  }
  if (auto group = common::ParseResourceId(name, "groups")) {
    return HistoryResource{HistoryKind::kGroup, *group, ""};
  }
  return std::nullopt;
}

std::optional<HistoryKind> HistoryKindOf(const google::protobuf::Descriptor* descriptor) {
  if (descriptor == v1::ContactPerson::descriptor()) {
    return HistoryKind::kContactPerson;
  }
  if (descriptor == v1::Project::descriptor()) {
    return HistoryKind::kProject;
  }
  if (descriptor == v1::Edition::descriptor()) {
    return HistoryKind::kEdition;
  }
  if (descriptor == v1::Group::descriptor()) {
    return HistoryKind::kGroup;
  }
  return std::nullopt;
}

const Message& HistoryMessageOf(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::kContactPerson:
      return v1::ContactPerson::default_instance();
    case HistoryKind::kEdition:
      return v1::Edition::default_instance();
    case HistoryKind::kGroup:
      return v1::Group::default_instance();
    case HistoryKind::kProject:
      break;
  }
  return v1::Project::default_instance();
}

std::vector<v1::FieldChange> DiffMessages(const Message& before, const Message& after,
                                          std::span<const std::string_view> ignored) {
  std::vector<v1::FieldChange> changes;
  const auto* descriptor = after.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (std::find(ignored.begin(), ignored.end(), field->name()) != ignored.end()) {
      continue;
    }
    // Fields the same in both (most of them, between two versions) are not printed at all.
    if (SameField(before, after, field)) {
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

std::vector<v1::FieldChange> DiffResourceVersions(const Message& before, const Message& after) {
  return DiffMessages(before, after, kResourceNotCompared);
}

const std::vector<std::string>& RestorableFields(HistoryKind kind) {
  static const std::vector<std::string> kContactPerson = {
      "full_name", "position", "phones", "emails", "mailing_consent", "primary", "status"};
  static const std::vector<std::string> kNamed = {"display_name", "description"};
  static const std::vector<std::string> kEdition = {"display_name", "start_date",   "end_date",
                                                    "venue",        "price_per_m2", "stand_prices"};
  switch (kind) {
    case HistoryKind::kContactPerson:
      return kContactPerson;
    case HistoryKind::kEdition:
      return kEdition;
    case HistoryKind::kProject:
    case HistoryKind::kGroup:
      break;
  }
  return kNamed;
}

bool MayReadHistoryOf(HistoryKind kind, const common::auth::Principal& caller) {
  if (kind == HistoryKind::kGroup) {
    return caller.HasAny(
        {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant, Role::kAdmin});
  }
  return caller.HasCrmRole();
}

std::optional<int> ReadVersionPageKey(const ListWindow& window, common::Violations& violations) {
  if (!window.after) {
    return std::nullopt;
  }
  const std::string& sort = window.after->sort;
  int version = 0;
  auto [end, error] = std::from_chars(sort.data(), sort.data() + sort.size(), version);
  if (error != std::errc() || end != sort.data() + sort.size() || version < 1) {
    violations.Add("page_token", common::api::kForeignPageToken);
  }
  return version;
}

ResourceHistoryList ValidateListResourceHistory(const v1::ListResourceHistoryRequest& request,
                                                std::string_view caller) {
  common::Violations v;
  ResourceHistoryList list;
  if (auto resource = ReadHistoryResourceName(v, request.name())) {
    list.resource = *resource;
    const ListWindow window = ReadListWindow(request, caller, v);
    list.page_size = window.page_size;
    list.query = window.query;
    list.before_version = ReadVersionPageKey(window, v);
  }
  v.ThrowIfAny();
  return list;
}

std::string ResourceHistoryPageToken(const ResourceHistoryList& list, int last_version) {
  // The key's id is the resource's: versions are numbered per resource.
  return common::api::IssuePageToken(
      list.query, common::api::PageKeyParts{std::to_string(last_version), list.resource.id});
}

void CheckRestoredVersion(common::Violations& violations, int version, std::string_view etag) {
  if (version < 1) {
    violations.Add("version", "must be a version of the resource (1 or more)");
  }
  common::api::RequireEtag(violations, "etag", etag);
}

ResourceRestore ValidateRestoreResourceVersion(const v1::RestoreResourceVersionRequest& request) {
  common::Violations v;
  ResourceRestore restore;
  if (auto resource = ReadHistoryResourceName(v, request.name())) {
    restore.resource = *resource;
  }
  CheckRestoredVersion(v, request.version(), request.etag());
  restore.version = request.version();
  restore.etag = request.etag();
  v.ThrowIfAny();
  return restore;
}

}  // namespace crm::registry
