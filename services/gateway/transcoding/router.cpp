#include "services/gateway/transcoding/router.h"

#include <algorithm>

namespace crm::gateway {

Router::Router(const ApiCatalog& catalog) {
  for (const auto& method : catalog.methods()) {
    for (const auto& binding : method.bindings) {
      entries_.push_back({&method, &binding, binding.path.Specificity()});
    }
  }
  // Most specific first, so the first match is the one to take.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.specificity > b.specificity; });
}

std::optional<RouteMatch> Router::Match(const std::string& http_method,
                                        std::string_view path) const {
  for (const auto& e : entries_) {
    if (e.binding->http_method != http_method) {
      continue;
    }
    if (auto variables = e.binding->path.Match(path)) {
      return RouteMatch{e.method, e.binding, std::move(*variables)};
    }
  }
  return std::nullopt;
}

std::vector<std::string> Router::MethodsFor(std::string_view path) const {
  std::vector<std::string> methods;
  for (const auto& e : entries_) {
    if (e.binding->path.Match(path) &&
        std::find(methods.begin(), methods.end(), e.binding->http_method) == methods.end()) {
      methods.push_back(e.binding->http_method);
    }
  }
  return methods;
}

}  // namespace crm::gateway
