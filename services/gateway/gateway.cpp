#include "services/gateway/gateway.h"

#include <nlohmann/json.hpp>

#include "common/core/errors.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/core/request_id.h"
#include "common/grpc/rpc_guard.h"
#include "google/rpc/status.pb.h"
#include "services/gateway/http/status_mapping.h"
#include "services/gateway/openapi.h"

namespace crm::gateway {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How long a stream may stay silent before a keep-alive goes out (which is also how a vanished
// client is noticed).
constexpr std::chrono::seconds kStreamHeartbeat{15};
// How long the first message of a stream is waited for before the 200 goes out, so that a call
// refused at once (401, 403, 404) is answered with its own status.
constexpr std::chrono::milliseconds kFirstMessageWait{300};

HttpResponse Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("content-type", "application/json");
  return response;
}

grpc::Status StatusOfCurrentException() { return common::rpc::StatusFromCurrentException(); }

enum class StreamFormat { kJsonArray, kNdjson, kSse };

StreamFormat FormatFor(const HttpRequest& request) {
  const std::string accept = request.Header("accept");
  if (accept.find("text/event-stream") != std::string::npos) {
    return StreamFormat::kSse;
  }
  if (accept.find("application/x-ndjson") != std::string::npos ||
      accept.find("application/jsonl") != std::string::npos) {
    return StreamFormat::kNdjson;
  }
  return StreamFormat::kJsonArray;
}

void Record(const HttpRequest& request, const std::string& path, const std::string& route,
            int status, SteadyClock::time_point started, std::size_t bytes,
            const std::string& grpc_code) {
  double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  auto& registry = common::metrics::Registry::Global();
  registry
      .GetCounter("crm_http_requests_total", "HTTP requests by route, method and status",
                  {{"route", route}, {"method", request.method}, {"code", std::to_string(status)}})
      .Inc();
  registry
      .GetHistogram("crm_http_request_seconds", "HTTP latency (streams: their whole life)",
                    {{"route", route}})
      .Observe(seconds);
  const auto level = status >= 500 ? common::log::Level::kWarn : common::log::Level::kInfo;
  if (!common::log::Enabled(level)) {
    return;  // the access log's fields are not even built
  }
  nlohmann::json fields = {{"method", request.method},
                           {"path", path},
                           {"route", route},
                           {"status", status},
                           {"duration_ms", seconds * 1000.0},
                           {"bytes", bytes},
                           {"remote", request.remote_addr}};
  if (!grpc_code.empty()) {
    fields["grpc_code"] = grpc_code;
  }
  common::log::Write(level, "http", std::move(fields));
}

// Counts the bytes of a streamed body for the access log.
class CountingWriter : public BodyWriter {
 public:
  explicit CountingWriter(BodyWriter& inner) : inner_(inner) {}
  bool Write(std::string_view chunk) override {
    bytes += chunk.size();
    return inner_.Write(chunk);
  }
  std::size_t bytes = 0;

 private:
  BodyWriter& inner_;
};

}  // namespace

HttpResponse ErrorResponse(const grpc::Status& status, const JsonCodec& codec,
                           const ApiCatalog& catalog) {
  google::rpc::Status body;
  if (status.error_details().empty() || !body.ParseFromString(status.error_details())) {
    body.Clear();
  }
  body.set_code(static_cast<int>(status.error_code()));
  body.set_message(status.error_message());
  const auto* type = catalog.pool().FindMessageTypeByName("google.rpc.Status");
  std::string json;
  try {
    json = codec.ToJson(type, body.SerializeAsString());
  } catch (const std::exception&) {
    // Details of a type the descriptor set lacks: the code and message still go out.
    json = nlohmann::json{{"code", body.code()}, {"message", body.message()}}.dump();
  }
  return Json(HttpStatusOf(status.error_code()), std::move(json));
}

Gateway::Gateway(const GatewayConfig& config, const ApiCatalog& catalog, Backends& backends)
    : config_(config),
      catalog_(catalog),
      backends_(backends),
      codec_(catalog.pool()),
      builder_(catalog, codec_),
      router_(catalog),
      limiter_(config.rate_limit_rps, config.rate_limit_burst),
      cors_(config.cors_origins),
      openapi_(RenderOpenApi(catalog)) {
  if (!config.static_dir.empty()) {
    static_files_.emplace(config.static_dir);
  }
  if (config.dev_signin) {
    dev_signin_.emplace(DevSignIn::FromKeyFile(config.dev_signin_key_file, config.jwt_audience));
    dev_oidc_.emplace(*dev_signin_, config.oidc_client_id, config.oidc_redirect_path);
    common::log::Warn(
        "development sign-in is on: /dev/signin and the OpenID Connect provider at /dev/oidc "
        "issue tokens for any employee",
        {{"key_file", config.dev_signin_key_file}});
  }
}

std::size_t Gateway::BodyLimitFor(const std::string& http_method, const std::string& target) const {
  auto match = router_.Match(http_method, target.substr(0, target.find('?')));
  return match && match->method->client_streaming() ? config_.max_upload_bytes
                                                    : config_.max_body_bytes;
}

HttpResponse Gateway::TooLarge(const HttpRequest& request, std::size_t limit) const {
  auto response =
      ErrorResponse(grpc::Status(grpc::RESOURCE_EXHAUSTED, "the request body is larger than " +
                                                               std::to_string(limit) + " bytes"),
                    codec_, catalog_);
  response.status = 413;
  cors_.Decorate(request, response);
  return response;
}

HttpResponse Gateway::Handle(const HttpRequest& request) {
  const auto started = SteadyClock::now();
  const std::string request_id = common::RequestIdOrNew(request.Header("x-request-id"));
  common::log::ScopedRequestId scoped(request_id);
  const auto question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const std::string query =
      question == std::string::npos ? "" : request.target.substr(question + 1);
  std::string route = "unmatched";
  HttpResponse response;
  if (Cors::IsPreflight(request)) {
    route = "preflight";
    response = cors_.Preflight(request);
  } else {
    try {
      response = Dispatch(request, path, query, request_id, route);
    } catch (...) {
      response = ErrorResponse(StatusOfCurrentException(), codec_, catalog_);
    }
    cors_.Decorate(request, response);
  }
  response.SetHeader("x-request-id", request_id);
  if (!response.stream) {
    Record(request, path, route, response.status, started, response.body.size(), "");
    return response;
  }
  // A stream is logged when it ends.
  auto body = std::move(response.stream);
  response.stream = [body = std::move(body), request, path, route, started,
                     request_id](BodyWriter& writer) {
    common::log::ScopedRequestId stream_request_id(request_id);
    auto& open = common::metrics::Registry::Global().GetGauge("crm_http_streams_open",
                                                              "Streamed responses in progress");
    open.Add(1);
    CountingWriter counting(writer);
    body(counting);
    open.Add(-1);
    Record(request, path, route, 200, started, counting.bytes, "");
  };
  return response;
}

HttpResponse Gateway::Dispatch(const HttpRequest& request, const std::string& path,
                               const std::string& query, const std::string& request_id,
                               std::string& route) {
  if (path == "/openapi.json" && (request.method == "GET" || request.method == "HEAD")) {
    route = "/openapi.json";
    auto response = Json(200, openapi_);
    response.SetHeader("cache-control", "no-cache");
    return response;
  }
  if (path == "/dev/signin") {
    route = "/dev/signin";
    return DevSignInCall(request, request_id);
  }
  if (path.rfind(std::string(DevOidcProvider::kPrefix) + "/", 0) == 0) {
    return DevOidcCall(request, path, query, request_id, route);
  }
  if (path == "/console/config.json" && (request.method == "GET" || request.method == "HEAD")) {
    route = "/console/config.json";
    return ConsoleConfig(request);
  }
  if (auto match = router_.Match(request.method, path)) {
    route = match->binding->http_method + " " + match->binding->path.text();
    return CallApi(request, *match, query, request_id);
  }
  auto methods = router_.MethodsFor(path);
  if (!methods.empty()) {
    route = "method_not_allowed";
    std::string allow;
    for (const auto& m : methods) {
      allow += (allow.empty() ? "" : ", ") + m;
    }
    auto response =
        ErrorResponse(grpc::Status(grpc::UNIMPLEMENTED, request.method + " is not served at " +
                                                            path + "; allowed: " + allow),
                      codec_, catalog_);
    response.status = 405;
    response.SetHeader("allow", allow);
    return response;
  }
  if (static_files_ && (request.method == "GET" || request.method == "HEAD") &&
      path.rfind("/v1/", 0) != 0) {
    if (auto file = static_files_->Serve(PercentDecode(path, false), request)) {
      route = "static";
      if (request.method == "HEAD") {
        file->SetHeader("content-length", std::to_string(file->body.size()));
        file->body.clear();
      }
      return *file;
    }
  }
  return ErrorResponse(
      grpc::Status(grpc::NOT_FOUND, "nothing is served at " + request.method + " " + path), codec_,
      catalog_);
}

HttpResponse Gateway::CallApi(const HttpRequest& request, const RouteMatch& match,
                              const std::string& query, const std::string& request_id) {
  const std::string authorization = request.Header("authorization");
  if (limiter_.enabled()) {
    const std::string subject = UnverifiedTokenSubject(authorization);
    const std::string client = subject.empty() ? "ip:" + request.remote_addr : "sub:" + subject;
    if (auto retry_after = limiter_.Acquire(client)) {
      auto response = ErrorResponse(
          grpc::Status(grpc::RESOURCE_EXHAUSTED,
                       "too many requests; retry in " + std::to_string(*retry_after) + " s"),
          codec_, catalog_);
      response.SetHeader("retry-after", std::to_string(*retry_after));
      return response;
    }
  }
  const std::size_t limit =
      match.method->client_streaming() ? config_.max_upload_bytes : config_.max_body_bytes;
  if (request.body.size() > limit) {
    return TooLarge(request, limit);
  }
  if (!backends_.Has(match.method->backend)) {
    return ErrorResponse(
        grpc::Status(grpc::UNIMPLEMENTED, "no backend configured for " + match.method->backend),
        codec_, catalog_);
  }
  CallMetadata metadata = {{"x-request-id", request_id}};
  if (!authorization.empty()) {
    metadata.emplace_back("authorization", authorization);
  }
  std::string forwarded = request.Header("x-forwarded-for");
  metadata.emplace_back("x-forwarded-for", forwarded.empty()
                                               ? request.remote_addr
                                               : forwarded + ", " + request.remote_addr);
  const QueryParams params = ParseQuery(query);
  std::vector<std::string> messages;
  try {
    if (match.method->client_streaming()) {
      messages = builder_.BuildStream(*match.method, *match.binding, match.variables, params,
                                      request.body);
    } else {
      messages.push_back(
          builder_.Build(*match.method, *match.binding, match.variables, params, request.body));
    }
  } catch (...) {
    return ErrorResponse(StatusOfCurrentException(), codec_, catalog_);
  }
  if (!match.method->client_streaming() && !match.method->server_streaming()) {
    return Unary(match, metadata, messages.front());
  }
  return Streaming(request, match, metadata, std::move(messages));
}

HttpResponse Gateway::DevSignInCall(const HttpRequest& request, const std::string& request_id) {
  if (!dev_signin_) {
    throw common::NotFoundError("dev/signin (the development sign-in is off)");
  }
  if (request.method != "GET" && request.method != "POST") {
    auto response = ErrorResponse(
        grpc::Status(grpc::UNIMPLEMENTED, request.method + " is not served at /dev/signin"), codec_,
        catalog_);
    response.status = 405;
    response.SetHeader("allow", "GET, POST");
    return response;
  }
  std::string picked;
  if (request.method == "POST") {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("employee") || !body["employee"].is_string()) {
      throw common::ValidationError("employee", "name the employee to sign in as: employees/<id>");
    }
    picked = body["employee"].get<std::string>();
  }
  nlohmann::json candidates;
  if (auto failed = DevCandidates(request, request_id, candidates)) {
    return *failed;
  }
  if (request.method == "GET") {
    return Json(200, nlohmann::json{{"employees", candidates}}.dump());
  }
  for (const auto& employee : candidates) {
    if (employee.value("name", "") == picked) {
      auto response = Json(200, dev_signin_->SignIn(employee).dump());
      response.SetHeader("cache-control", "no-store");
      return response;
    }
  }
  throw common::ValidationError("employee", "no active employee holding a role is named " + picked);
}

std::optional<HttpResponse> Gateway::DevCandidates(const HttpRequest& request,
                                                   const std::string& request_id,
                                                   nlohmann::json& candidates) {
  // The employees, listed through the registry's own route with a short-lived admin token.
  auto list = router_.Match("GET", "/v1/employees");
  if (!list) {
    throw common::NotFoundError("ListEmployees (not in the descriptor set)");
  }
  HttpRequest lookup;
  lookup.method = "GET";
  lookup.target = "/v1/employees";
  lookup.headers.emplace("authorization", "Bearer " + dev_signin_->LookupToken());
  lookup.remote_addr = request.remote_addr;
  nlohmann::json employees = nlohmann::json::array();
  std::string page_token;
  do {
    HttpResponse page = CallApi(
        lookup, *list,
        "pageSize=500" + (page_token.empty() ? "" : "&pageToken=" + PercentEncode(page_token)),
        request_id);
    if (page.status != 200) {
      return page;
    }
    auto parsed = nlohmann::json::parse(page.body);
    for (auto& e : parsed.value("employees", nlohmann::json::array())) {
      employees.push_back(std::move(e));
    }
    page_token = parsed.value("nextPageToken", "");
  } while (!page_token.empty());
  candidates = DevSignIn::Candidates(employees);
  return std::nullopt;
}

HttpResponse Gateway::DevOidcCall(const HttpRequest& request, const std::string& path,
                                  const std::string& query, const std::string& request_id,
                                  std::string& route) {
  if (!dev_oidc_) {
    throw common::NotFoundError("dev/oidc (the development sign-in is off)");
  }
  const std::string endpoint = path.substr(std::string(DevOidcProvider::kPrefix).size());
  route = std::string(DevOidcProvider::kPrefix) + endpoint;
  auto not_allowed = [&](const std::string& allow) {
    auto response = ErrorResponse(
        grpc::Status(grpc::UNIMPLEMENTED, request.method + " is not served at " + path), codec_,
        catalog_);
    response.status = 405;
    response.SetHeader("allow", allow);
    return response;
  };
  if (endpoint == "/.well-known/openid-configuration") {
    if (request.method != "GET") {
      return not_allowed("GET");
    }
    return Json(200, DevOidcProvider::Discovery(DevOidcProvider::IssuerOf(request)).dump());
  }
  if (endpoint == "/token") {
    if (request.method != "POST") {
      return not_allowed("POST");
    }
    return dev_oidc_->Token(request, ParseQuery(request.body));
  }
  if (endpoint == "/authorize") {
    if (request.method != "GET" && request.method != "POST") {
      return not_allowed("GET, POST");
    }
    nlohmann::json candidates;
    if (auto failed = DevCandidates(request, request_id, candidates)) {
      return *failed;
    }
    if (request.method == "GET") {
      return dev_oidc_->AuthorizePage(request, ParseQuery(query), candidates);
    }
    return dev_oidc_->Authorize(request, ParseQuery(request.body), candidates);
  }
  route = "unmatched";
  throw common::NotFoundError("nothing is served at " + path);
}

HttpResponse Gateway::ConsoleConfig(const HttpRequest& request) const {
  std::string issuer = config_.oidc_issuer;
  if (issuer.empty() && dev_oidc_) {
    issuer = DevOidcProvider::IssuerOf(request);
  }
  auto response = Json(200, nlohmann::json{{"issuer", issuer},
                                           {"clientId", config_.oidc_client_id},
                                           {"scope", config_.oidc_scope},
                                           {"redirectPath", config_.oidc_redirect_path},
                                           {"development", dev_oidc_.has_value()}}
                                .dump());
  response.SetHeader("cache-control", "no-cache");
  return response;
}

std::string Gateway::ResponseJson(const RouteMatch& match, const std::string& binary) const {
  std::string json = codec_.ToJson(match.method->descriptor->output_type(), binary);
  if (match.binding->response_body.empty()) {
    return json;
  }
  const auto* field =
      match.method->descriptor->output_type()->FindFieldByName(match.binding->response_body);
  auto parsed = nlohmann::json::parse(json);
  if (field == nullptr || !parsed.contains(field->json_name())) {
    return "null";
  }
  return parsed[field->json_name()].dump();
}

HttpResponse Gateway::Unary(const RouteMatch& match, const CallMetadata& metadata,
                            const std::string& request_message) {
  std::string response_message;
  grpc::Status status =
      backends_.Unary(match.method->backend, match.method->grpc_path, metadata, request_message,
                      &response_message, std::chrono::seconds(config_.timeout_seconds));
  if (!status.ok()) {
    return ErrorResponse(status, codec_, catalog_);
  }
  return Json(200, ResponseJson(match, response_message));
}

HttpResponse Gateway::Streaming(const HttpRequest& request, const RouteMatch& match,
                                const CallMetadata& metadata, std::vector<std::string> messages) {
  auto call = backends_.Stream(match.method->backend, match.method->grpc_path, metadata,
                               std::move(messages));
  std::string first;
  auto event = call->Next(&first, kFirstMessageWait);
  if (event == StreamingCall::Event::kDone && !call->status().ok()) {
    return ErrorResponse(call->status(), codec_, catalog_);
  }
  if (!match.method->server_streaming()) {
    // Client streaming: one response once the uploads are in.
    while (event == StreamingCall::Event::kTimeout) {
      event = call->Next(&first, std::chrono::seconds(config_.timeout_seconds));
    }
    std::string last;
    while (event == StreamingCall::Event::kMessage) {
      last = std::move(first);
      event = call->Next(&first, std::chrono::seconds(config_.timeout_seconds));
    }
    if (event == StreamingCall::Event::kTimeout) {
      call->Cancel();
      return ErrorResponse(grpc::Status(grpc::DEADLINE_EXCEEDED, "the upload took too long"),
                           codec_, catalog_);
    }
    if (!call->status().ok()) {
      return ErrorResponse(call->status(), codec_, catalog_);
    }
    return Json(200, ResponseJson(match, last));
  }
  const StreamFormat format = FormatFor(request);
  HttpResponse response;
  response.status = 200;
  response.SetHeader("content-type", format == StreamFormat::kSse      ? "text/event-stream"
                                     : format == StreamFormat::kNdjson ? "application/x-ndjson"
                                                                       : "application/json");
  response.SetHeader("cache-control", "no-cache");
  // Proxies in front (nginx) must pass each event on at once.
  response.SetHeader("x-accel-buffering", "no");
  response.stream = [this, call, match, format, event,
                     first = std::move(first)](BodyWriter& writer) mutable {
    std::size_t sent = 0;
    auto emit = [&](const std::string& json, bool error) {
      std::string chunk;
      switch (format) {
        case StreamFormat::kSse:
          chunk = (error ? "event: error\ndata: " : "data: ") + json + "\n\n";
          break;
        case StreamFormat::kNdjson:
          chunk = (error ? "{\"error\":" + json + "}" : json) + "\n";
          break;
        case StreamFormat::kJsonArray:
          chunk = (sent == 0 ? "[" : ",") + (error ? "{\"error\":" + json + "}" : json);
          break;
      }
      ++sent;
      return writer.Write(chunk);
    };
    bool open = true;
    if (format == StreamFormat::kSse) {
      // Sent at once so the client sees the stream is open even before the first event.
      open = writer.Write(": stream open\n\n");
    }
    while (open) {
      if (event == StreamingCall::Event::kMessage) {
        std::string json;
        try {
          json = ResponseJson(match, first);
        } catch (const std::exception& e) {
          common::log::Error("cannot print a streamed message", {{"error", e.what()}});
          call->Cancel();
          break;
        }
        open = emit(json, false);
      } else if (event == StreamingCall::Event::kTimeout) {
        open = writer.Write(format == StreamFormat::kSse      ? ": keep-alive\n\n"
                            : format == StreamFormat::kNdjson ? "\n"
                                                              : " ");
      } else {
        if (!call->status().ok()) {
          emit(ErrorResponse(call->status(), codec_, catalog_).body, true);
        }
        break;
      }
      if (open) {
        event = call->Next(&first, kStreamHeartbeat);
      }
    }
    if (!open) {
      call->Cancel();  // the client left
    } else if (format == StreamFormat::kJsonArray) {
      writer.Write(sent == 0 ? "[]" : "]");
    }
  };
  return response;
}

}  // namespace crm::gateway
