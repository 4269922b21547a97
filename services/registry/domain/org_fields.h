#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/etag.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
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

// Whether `ids` holds `id`.
inline bool Contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace crm::registry
