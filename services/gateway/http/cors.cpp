#include "services/gateway/http/cors.h"

namespace crm::gateway {
namespace {

constexpr char kAllowedMethods[] = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
// What the console and API clients send; anything else is refused in the preflight.
constexpr char kAllowedHeaders[] = "authorization, content-type, accept, x-request-id";
constexpr char kExposedHeaders[] = "x-request-id, retry-after, content-disposition";

std::string Lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// Every header named in a preflight's Access-Control-Request-Headers is one we accept.
bool HeadersAllowed(const std::string& requested) {
  const std::string allowed = std::string(", ") + kAllowedHeaders + ",";
  std::size_t start = 0;
  while (start < requested.size()) {
    auto comma = requested.find(',', start);
    std::string name = requested.substr(start, comma == std::string::npos ? comma : comma - start);
    auto first = name.find_first_not_of(' ');
    auto last = name.find_last_not_of(' ');
    if (first != std::string::npos) {
      name = Lower(name.substr(first, last - first + 1));
      if (allowed.find(" " + name + ",") == std::string::npos) {
        return false;
      }
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return true;
}

}  // namespace

bool Cors::Allowed(const std::string& origin) const {
  return !origin.empty() && (origins_.contains("*") || origins_.contains(origin));
}

bool Cors::IsPreflight(const HttpRequest& request) {
  return request.method == "OPTIONS" && !request.Header("origin").empty() &&
         !request.Header("access-control-request-method").empty();
}

HttpResponse Cors::Preflight(const HttpRequest& request) const {
  HttpResponse response;
  const std::string origin = request.Header("origin");
  const std::string method = request.Header("access-control-request-method");
  if (!Allowed(origin) || std::string(kAllowedMethods).find(method) == std::string::npos ||
      !HeadersAllowed(request.Header("access-control-request-headers"))) {
    response.status = 403;
    response.SetHeader("vary", "Origin");
    return response;
  }
  response.status = 204;
  response.SetHeader("access-control-allow-origin", origin);
  response.SetHeader("access-control-allow-methods", kAllowedMethods);
  response.SetHeader("access-control-allow-headers", kAllowedHeaders);
  response.SetHeader("access-control-max-age", "600");
  response.SetHeader("vary", "Origin");
  return response;
}

void Cors::Decorate(const HttpRequest& request, HttpResponse& response) const {
  const std::string origin = request.Header("origin");
  if (origins_.empty()) {
    return;
  }
  response.SetHeader("vary", "Origin");
  if (!Allowed(origin)) {
    return;
  }
  response.SetHeader("access-control-allow-origin", origin);
  response.SetHeader("access-control-expose-headers", kExposedHeaders);
}

}  // namespace crm::gateway
