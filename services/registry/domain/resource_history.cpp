#include "services/registry/domain/resource_history.h"

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <memory>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/core/ids.h"
#include "common/json/wire_json_printer.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::auth::Role;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::FieldMaskUtil;

constexpr char kHistoryNameFormats[] =
    "must be a resource name like clients/{uuid}/contactPersons/{uuid}, projects/{uuid}, "
    "projects/{uuid}/editions/{uuid} or groups/{uuid}";

// Field `field` of `message` alone in a new message of its type, as it is in `message`
// (presence included: a message field there but empty stays there). The new message is empty, so
// merging into it is copying; the replace options say so for repeated and message fields, which a
// merge would otherwise append to and merge into.
std::unique_ptr<Message> FieldAlone(const Message& message, const FieldDescriptor* field) {
  std::unique_ptr<Message> only(message.New());
  google::protobuf::FieldMask mask;
  mask.add_paths(field->name());
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(message, mask, options, only.get());
  return only;
}

// The canonical JSON of one field of `message` ("" when the field is absent or default): the
// JSON of a message holding that field alone, {"field":value}, cut to its value. Printed from the
// wire format with proto field names by a printer whose tables are made once per type; what it
// leaves to protobuf's converter (wire_json_printer.h) goes there, and both print the same.
std::string FieldJson(const Message& message, const FieldDescriptor* field) {
  static const common::WireJsonPrinter printer(common::WireJsonPrinter::Keys::kProtoName);
  const std::unique_ptr<Message> only = FieldAlone(message, field);
  std::string json;
  if (!printer.PrintOrConvert(*only, &json).ok()) {
    return "";
  }
  // {"field":value} -> value; an absent field prints {}.
  const std::size_t colon = json.find("\":");
  if (colon == std::string::npos || json.size() < colon + 3) {
    return "";
  }
  return json.substr(colon + 2, json.size() - colon - 3);
}

// MessageDifferencer's value comparison with float and double compared bit for bit: its own
// compares them with ==, which takes 0 and -0 for the same value, and the JSON prints "0" and
// "-0". Every other value, and whether to go into a nested message, is its own.
class BitwiseFloatComparator final : public google::protobuf::util::SimpleFieldComparator {
 public:
  ComparisonResult Compare(const Message& a, const Message& b, const FieldDescriptor* field,
                           int index_a, int index_b,
                           const google::protobuf::util::FieldContext* context) override {
    const Reflection* r = a.GetReflection();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        auto bits = [&](const Message& m, int index) {
          return std::bit_cast<std::uint64_t>(field->is_repeated()
                                                  ? r->GetRepeatedDouble(m, field, index)
                                                  : r->GetDouble(m, field));
        };
        return ResultFromBoolean(bits(a, index_a) == bits(b, index_b));
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        auto bits = [&](const Message& m, int index) {
          return std::bit_cast<std::uint32_t>(
              field->is_repeated() ? r->GetRepeatedFloat(m, field, index) : r->GetFloat(m, field));
        };
        return ResultFromBoolean(bits(a, index_a) == bits(b, index_b));
      }
      default:
        return SimpleCompare(a, b, field, index_a, index_b, context);
    }
  }
};

// Tells which fields of two messages of one type certainly print the same JSON, by protobuf's
// MessageDifferencer: values equal (floats bit for bit), repeated fields element by element in
// order, nested messages field by field with their presence and unknown fields. A `false` may
// still print the same (unknown fields, NaN payloads): DiffMessages then compares the JSON itself.
// A map is compared by its entries whatever their order (no history resource has one).
class FieldSameness {
 public:
  FieldSameness() { differencer_.set_field_comparator(&comparator_); }

  bool Same(const Message& a, const Message& b, const FieldDescriptor* field) {
    // CompareWithFields compares a singular field's values only: an absent message field and one
    // there but empty compare equal (both read as the default instance), yet the JSON prints
    // nothing for one and {} for the other. Presence is compared here first.
    if (!field->is_repeated()) {
      const Reflection* r = a.GetReflection();
      const bool has = r->HasField(a, field);
      if (has != r->HasField(b, field)) {
        return false;
      }
      if (!has) {
        return true;  // both absent (or default): both print ""
      }
    }
    return differencer_.CompareWithFields(a, b, {field}, {field});
  }

 private:
  BitwiseFloatComparator comparator_;
  google::protobuf::util::MessageDifferencer differencer_;
};

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
  FieldSameness sameness;
  const auto* descriptor = after.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (std::find(ignored.begin(), ignored.end(), field->name()) != ignored.end()) {
      continue;
    }
    // Fields the same in both (most of them, between two versions) are not printed at all.
    if (sameness.Same(before, after, field)) {
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
