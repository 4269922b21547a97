#include "common/api/update_mask.h"

#include <algorithm>

namespace crm::common::api {
namespace {

constexpr char kField[] = "update_mask";
constexpr std::string_view kEverything = "*";

std::string Listed(std::span<const std::string_view> updatable) {
  std::string list;
  for (std::string_view path : updatable) {
    if (!list.empty()) {
      list += ", ";
    }
    list += path;
  }
  return list;
}

}  // namespace

std::vector<std::string> ReadUpdateMask(Violations& violations,
                                        const google::protobuf::FieldMask& mask,
                                        std::span<const std::string_view> updatable,
                                        std::span<const RefusedPath> refused) {
  std::vector<std::string> paths;
  if (mask.paths_size() == 0) {
    violations.Add(kField, "must name at least one field to change (or \"*\" for all of them)");
    return paths;
  }
  for (const std::string& path : mask.paths()) {
    if (path == kEverything) {
      if (mask.paths_size() > 1) {
        violations.Add(kField, "\"*\" stands for every updatable field: it comes alone");
        continue;
      }
      paths.assign(updatable.begin(), updatable.end());
      break;
    }
    const auto fixed = std::find_if(refused.begin(), refused.end(),
                                    [&](const RefusedPath& r) { return r.path == path; });
    if (fixed != refused.end()) {
      violations.Add(kField, "\"" + path + "\" " + std::string(fixed->reason));
    } else if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
      violations.Add(kField, "\"" + path + "\" is not an updatable field (updatable: " +
                                 Listed(updatable) + ")");
    } else if (!HasPath(paths, path)) {
      paths.push_back(path);
    }
  }
  return paths;
}

bool HasPath(const std::vector<std::string>& paths, std::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace crm::common::api
