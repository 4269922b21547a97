#include "services/registry/domain/resource_history.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <charconv>
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

constexpr char kHistoryNameFormats[] =
    "must be a resource name like clients/{uuid}/contactPersons/{uuid}, projects/{uuid}, "
    "projects/{uuid}/editions/{uuid} or groups/{uuid}";

// The canonical JSON of one field of `message` ("" when the field is absent or default).
std::string FieldJson(const Message& message, const FieldDescriptor* field) {
  std::unique_ptr<Message> source(message.New());
  source->CopyFrom(message);
  std::unique_ptr<Message> only(message.New());
  message.GetReflection()->SwapFields(source.get(), only.get(), {field});
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
