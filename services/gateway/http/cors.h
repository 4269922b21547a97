#pragma once

#include <optional>
#include <set>
#include <string>

#include "services/gateway/http/http_types.h"

// Cross-origin access for the configured origins (the web console when it is served from
// another origin, other company apps). A preflight from an allowed origin is answered here; one
// from any other origin gets 403 and no CORS headers, so the browser refuses the call. Simple
// requests from other origins are served without CORS headers (the browser hides the answer).
namespace crm::gateway {

class Cors {
 public:
  // Origins as "https://crm.example.ru" (scheme, host and port exactly); "*" allows any.
  explicit Cors(std::set<std::string> origins) : origins_(std::move(origins)) {}

  bool Allowed(const std::string& origin) const;
  // A preflight (OPTIONS with Access-Control-Request-Method): the full response.
  static bool IsPreflight(const HttpRequest& request);
  HttpResponse Preflight(const HttpRequest& request) const;
  // CORS headers of an actual response, when the request came from an allowed origin.
  void Decorate(const HttpRequest& request, HttpResponse& response) const;

 private:
  std::set<std::string> origins_;
};

}  // namespace crm::gateway
