#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/domain/text.h"

// Field readers shared by the staff, exhibition, mailing and group rules.
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

// Whether `ids` holds `id`.
inline bool Contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace crm::registry
