#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/gateway/transcoding/api_catalog.h"

// Finds the API method and binding an HTTP method and path name. When several templates match
// the most specific wins (literal segments over variables, left to right), as in Envoy.
namespace crm::gateway {

struct RouteMatch {
  const ApiMethod* method = nullptr;
  const HttpBinding* binding = nullptr;
  std::vector<PathTemplate::Binding> variables;
};

class Router {
 public:
  explicit Router(const ApiCatalog& catalog);

  // `path` without the query, still percent-encoded.
  std::optional<RouteMatch> Match(const std::string& http_method, std::string_view path) const;
  // The HTTP methods some binding accepts for `path` (for 405 and its Allow header).
  std::vector<std::string> MethodsFor(std::string_view path) const;

 private:
  struct Entry {
    const ApiMethod* method;
    const HttpBinding* binding;
    std::vector<int> specificity;
  };
  std::vector<Entry> entries_;
};

}  // namespace crm::gateway
