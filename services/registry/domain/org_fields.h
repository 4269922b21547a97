#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "google/protobuf/field_mask.pb.h"
#include "services/registry/domain/text.h"

// Field readers shared by the staff, exhibition and group rules.
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

// The paths of an update_mask, each one of `updatable`, without repeats; violations under
// "update_mask".
template <std::size_t N>
std::vector<std::string> ReadUpdateMask(common::Violations& v,
                                        const google::protobuf::FieldMask& mask,
                                        const std::array<std::string_view, N>& updatable) {
  std::vector<std::string> paths;
  if (mask.paths_size() == 0) {
    v.Add("update_mask", "must name at least one field to change");
  }
  for (const std::string& path : mask.paths()) {
    if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
      v.Add("update_mask", "\"" + path + "\" is not an updatable field");
    } else if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
      paths.push_back(path);
    }
  }
  return paths;
}

inline bool HasPath(const std::vector<std::string>& paths, std::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace crm::registry
