#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/api/etag.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/text.h"

// Field readers shared by the rules of the registry's resources.
namespace crm::registry {

// "{collection}/{uuid}" -> the uuid, or a violation of `field` (also when empty and required).
inline std::optional<std::string> ReadResourceId(common::Violations& v, const std::string& field,
                                                 std::string_view name, std::string_view collection,
                                                 bool required = true) {
  if (name.empty()) {
    if (required) {
      v.Add(field, "is required");
    }
    return std::nullopt;
  }
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    v.Add(field, "must be a resource name like " + std::string(collection) + "/{uuid}");
  }
  return id;
}

// "{collection}/{uuid}" -> the uuid; throws common::ValidationError naming `field` otherwise.
inline std::string RequireResourceId(std::string_view name, const std::string& field,
                                     std::string_view collection) {
  common::Violations v;
  auto id = ReadResourceId(v, field, name, collection);
  v.ThrowIfAny();
  return *id;
}

// A List request of a parent resource's children (a group's members, a department's members):
// the parent's id from `name` ("{collection}/{uuid}", under `field`) and the page window; throws
// common::ValidationError naming each bad field.
template <class Request>
std::pair<std::string, ListWindow> ReadChildList(const Request& request, const std::string& field,
                                                 const std::string& name,
                                                 std::string_view collection,
                                                 std::string_view caller) {
  common::Violations v;
  std::pair<std::string, ListWindow> out;
  if (auto id = ReadResourceId(v, field, name, collection)) {
    out.first = *id;
    out.second = ReadListWindow(request, caller, v);
  }
  v.ThrowIfAny();
  return out;
}

// What a Delete request names: the resource's id and the etag it was read at.
struct Deletion {
  std::string id;
  std::string etag;
};
// The `name` ("{collection}/{uuid}") and the required `etag` of a Delete request (AIP-135);
// throws common::ValidationError naming each bad field.
inline Deletion ReadDeletion(std::string_view name, const std::string& etag,
                             std::string_view collection) {
  common::Violations v;
  Deletion deletion;
  if (auto id = ReadResourceId(v, "name", name, collection)) {
    deletion.id = *id;
  }
  common::api::RequireEtag(v, "etag", etag);
  deletion.etag = etag;
  v.ThrowIfAny();
  return deletion;
}

// What an Update request names (AIP-134): the resource's id, the etag it was read at and the
// fields to change (each an updatable field, no repeats).
struct UpdateTarget {
  std::string id;
  std::string etag;
  std::vector<std::string> paths;
};
// Reads an Update request: the resource message `field` (null when the request has none), its
// name ("{collection}/{uuid}") and its required etag, and the update_mask against `updatable`
// and `refused` (common::api::ReadUpdateMask). Adds a violation for each bad field to `v`.
template <typename Resource>
UpdateTarget ReadUpdateTarget(common::Violations& v, const std::string& field,
                              const Resource* resource, const google::protobuf::FieldMask& mask,
                              std::string_view collection,
                              std::span<const std::string_view> updatable,
                              std::span<const common::api::RefusedPath> refused = {}) {
  UpdateTarget target;
  if (resource == nullptr) {
    v.Add(field, "is required");
  } else {
    if (auto id = ReadResourceId(v, field + ".name", resource->name(), collection)) {
      target.id = *id;
    }
    // Without an etag an edit could silently overwrite a change the caller has not seen.
    common::api::RequireEtag(v, field + ".etag", resource->etag());
    target.etag = resource->etag();
  }
  target.paths = common::api::ReadUpdateMask(v, mask, updatable, refused);
  return target;
}

// Whether `ids` holds `id`.
inline bool Contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace crm::registry
