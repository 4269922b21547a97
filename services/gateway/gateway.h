#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "services/gateway/backend/backends.h"
#include "services/gateway/dev_oidc.h"
#include "services/gateway/dev_signin.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/http/cors.h"
#include "services/gateway/http/http_types.h"
#include "services/gateway/http/rate_limiter.h"
#include "services/gateway/http/static_files.h"
#include "services/gateway/transcoding/api_catalog.h"
#include "services/gateway/transcoding/json_codec.h"
#include "services/gateway/transcoding/request_builder.h"
#include "services/gateway/transcoding/router.h"

// The gateway proper, independent of the HTTP version: one HttpRequest in, one HttpResponse
// out. It answers CORS preflights, serves /openapi.json and the console's files, applies the
// per-client rate limit and the body limits, transcodes API calls to gRPC and back, maps
// errors to HTTP with a google.rpc.Status body, and writes the access log and metrics.
namespace crm::gateway {

class Gateway {
 public:
  Gateway(const GatewayConfig& config, const ApiCatalog& catalog, Backends& backends);

  HttpResponse Handle(const HttpRequest& request);

  // The body limit for a request to `target` (uploads have their own), so a server can refuse
  // an oversized body from its Content-Length before reading it.
  std::size_t BodyLimitFor(const std::string& http_method, const std::string& target) const;
  // The 413 answer for a body over `limit`.
  HttpResponse TooLarge(const HttpRequest& request, std::size_t limit) const;

 private:
  HttpResponse Dispatch(const HttpRequest& request, const std::string& path,
                        const std::string& query, const std::string& request_id,
                        std::string& route);
  HttpResponse CallApi(const HttpRequest& request, const RouteMatch& match,
                       const std::string& query, const std::string& request_id);
  HttpResponse Unary(const RouteMatch& match, const CallMetadata& metadata,
                     const std::string& request_message);
  HttpResponse Streaming(const HttpRequest& request, const RouteMatch& match,
                         const CallMetadata& metadata, std::vector<std::string> messages);
  // GET and POST /dev/signin (dev_signin.h); 404 when the development sign-in is off.
  HttpResponse DevSignInCall(const HttpRequest& request, const std::string& request_id);
  // /dev/oidc/... (dev_oidc.h); 404 when the development sign-in is off.
  HttpResponse DevOidcCall(const HttpRequest& request, const std::string& path,
                           const std::string& query, const std::string& request_id,
                           std::string& route);
  // GET /console/config.json: the console's sign-in configuration (gateway_config.h).
  HttpResponse ConsoleConfig(const HttpRequest& request) const;
  // The employees one may sign in as (DevSignIn::Candidates), listed through the registry's own
  // route with a short-lived admin token; the failed listing's answer when it failed.
  std::optional<HttpResponse> DevCandidates(const HttpRequest& request,
                                            const std::string& request_id,
                                            nlohmann::json& candidates);
  // The response message as JSON (only the response_body field when the binding names one).
  std::string ResponseJson(const RouteMatch& match, const std::string& binary) const;

  const GatewayConfig& config_;
  const ApiCatalog& catalog_;
  Backends& backends_;
  JsonCodec codec_;
  RequestBuilder builder_;
  Router router_;
  RateLimiter limiter_;
  Cors cors_;
  std::optional<StaticFiles> static_files_;
  std::optional<DevSignIn> dev_signin_;
  std::optional<DevOidcProvider> dev_oidc_;
  std::string openapi_;
};

// The HTTP answer for a failed call: the mapped status and the google.rpc.Status as JSON
// (code, message, details with their @type), from the status's details when it has them.
HttpResponse ErrorResponse(const grpc::Status& status, const JsonCodec& codec,
                           const ApiCatalog& catalog);

}  // namespace crm::gateway
