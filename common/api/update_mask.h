#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/errors.h"

// Reading the update_mask of an Update request (AIP-134), the same way in every service:
//
// - each path must be one the RPC may change (`updatable`); any other is a violation of
//   "update_mask" that names the path and lists the updatable ones. A field the resource has but
//   the RPC never changes may be listed in `refused` with the reason given to the caller;
// - "*" alone stands for every updatable field (a full replacement); beside other paths it is a
//   violation;
// - an empty mask is a violation: every Update here names what it changes, because an implied
//   mask of the populated fields cannot tell "clear this field" from "leave it alone";
// - a path named twice counts once; the paths keep the order of their first mention.
//
//   static constexpr std::array<std::string_view, 2> kUpdatable = {"display_name", "head"};
//   const std::vector<std::string> paths = ReadUpdateMask(v, request.update_mask(), kUpdatable);
//   if (HasPath(paths, "head")) { ... }
namespace crm::common::api {

// A path the resource has that the RPC refuses to change, and why ("is output only: ...").
struct RefusedPath {
  std::string_view path;
  std::string_view reason;
};

std::vector<std::string> ReadUpdateMask(Violations& violations,
                                        const google::protobuf::FieldMask& mask,
                                        std::span<const std::string_view> updatable,
                                        std::span<const RefusedPath> refused = {});

bool HasPath(const std::vector<std::string>& paths, std::string_view path);

}  // namespace crm::common::api
