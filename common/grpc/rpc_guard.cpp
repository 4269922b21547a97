#include "common/grpc/rpc_guard.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "common/auth/policy.h"
#include "common/bus/nats_client.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/core/request_id.h"
#include "common/db/pool.h"
#include "common/grpc/server_options.h"
#include "common/ru/messages.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace crm::common::rpc {
namespace {

constexpr const char* kDomain = "expo-crm";

std::string Metadata(const grpc::ServerContext* context, const char* key) {
  const auto& md = context->client_metadata();
  auto it = md.find(key);
  if (it == md.end()) {
    return {};
  }
  return std::string(it->second.data(), it->second.size());
}

// A request id from the caller is kept if it looks sane; otherwise a new one is made.
std::string RequestIdFor(const grpc::ServerContext* context) {
  return RequestIdOrNew(Metadata(context, "x-request-id"));
}

// The Russian text of a message people read, when the catalogue has it (common/ru/messages.h).
std::optional<google::rpc::LocalizedMessage> Localized(const std::string& message) {
  std::optional<std::string> russian = ru::TranslateMessage(message);
  if (!russian) {
    return std::nullopt;
  }
  google::rpc::LocalizedMessage localized;
  localized.set_locale(std::string(ru::kMessageLocale));
  localized.set_message(std::move(*russian));
  return localized;
}

// An error travels in the response's trailers, which gRPC clients refuse beyond 8 KiB by default
// (the message percent-encoded, the details in base64), so what a request's values put into it is
// bounded: the message and each violation's texts are cut, and the violations beyond the budget
// left out (the first ones name the fields). A client that got RESOURCE_EXHAUSTED instead would
// not learn which field was wrong.
constexpr std::size_t kMaxErrorMessageBytes = 500;
constexpr std::size_t kMaxViolationTextBytes = 300;
constexpr std::size_t kMaxViolationsBytes = 2500;

// `text` cut to at most `limit` bytes on a UTF-8 character boundary, marked with "…" when cut.
std::string Shortened(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) {
    return text;
  }
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut) + "…";
}

// `detail` (when given), then the ErrorInfo, then the message in Russian (when the catalogue
// has it).
grpc::Status WithDetails(grpc::StatusCode code, const std::string& full_message,
                         const google::protobuf::Message* detail, const std::string& reason,
                         bool localize) {
  const std::string message = Shortened(full_message, kMaxErrorMessageBytes);
  google::rpc::Status status;
  status.set_code(static_cast<int>(code));
  status.set_message(message);
  if (detail != nullptr) {
    status.add_details()->PackFrom(*detail);
  }
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(kDomain);
  status.add_details()->PackFrom(info);
  if (localize) {
    if (auto localized = Localized(full_message)) {
      localized->set_message(Shortened(localized->message(), kMaxErrorMessageBytes));
      status.add_details()->PackFrom(*localized);
    }
  }
  return StatusWithDetails(code, message, status.SerializeAsString());
}

grpc::Status Detailed(grpc::StatusCode code, const std::string& message,
                      const google::protobuf::Message& detail, const std::string& reason,
                      bool localize = true) {
  return WithDetails(code, message, &detail, reason, localize);
}

grpc::Status WithErrorInfo(grpc::StatusCode code, const std::string& message,
                           const std::string& reason, bool localize = false) {
  return WithDetails(code, message, nullptr, reason, localize);
}

}  // namespace

std::string StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return "OK";
    case grpc::CANCELLED:
      return "CANCELLED";
    case grpc::UNKNOWN:
      return "UNKNOWN";
    case grpc::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::ABORTED:
      return "ABORTED";
    case grpc::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::INTERNAL:
      return "INTERNAL";
    case grpc::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "CODE_" + std::to_string(static_cast<int>(code));
  }
}

grpc::Status StatusWithDetails(grpc::StatusCode code, const std::string& message,
                               const std::string& serialized_rpc_status) {
  return grpc::Status(code, message, serialized_rpc_status);
}

grpc::Status StatusFromCurrentException() {
  try {
    throw;
  } catch (const ValidationError& e) {
    google::rpc::BadRequest bad;
    for (const auto& v : e.violations()) {
      google::rpc::BadRequest::FieldViolation fv;
      fv.set_field(Shortened(v.field, kMaxViolationTextBytes));
      fv.set_description(Shortened(v.description, kMaxViolationTextBytes));
      if (auto localized = Localized(v.description)) {
        localized->set_message(Shortened(localized->message(), kMaxViolationTextBytes));
        *fv.mutable_localized_message() = std::move(*localized);
      }
      if (bad.field_violations_size() > 0 &&
          bad.ByteSizeLong() + fv.ByteSizeLong() > kMaxViolationsBytes) {
        break;
      }
      *bad.add_field_violations() = std::move(fv);
    }
    return Detailed(grpc::INVALID_ARGUMENT, e.what(), bad, "INVALID_ARGUMENT",
                    /*localize=*/false);
  } catch (const NotFoundError& e) {
    google::rpc::ResourceInfo info;
    info.set_resource_name(e.resource_name());
    return Detailed(grpc::NOT_FOUND, e.what(), info, "NOT_FOUND");
  } catch (const AlreadyExistsError& e) {
    google::rpc::ResourceInfo info;
    info.set_resource_name(e.existing_name());
    info.set_description("the existing resource");
    return Detailed(grpc::ALREADY_EXISTS, e.what(), info, "ALREADY_EXISTS");
  } catch (const PreconditionError& e) {
    if (!e.subject().empty()) {
      google::rpc::PreconditionFailure failure;
      auto* violation = failure.add_violations();
      violation->set_type(e.reason());
      violation->set_subject(e.subject());
      violation->set_description(e.what());
      return Detailed(grpc::FAILED_PRECONDITION, e.what(), failure, e.reason());
    }
    return WithErrorInfo(grpc::FAILED_PRECONDITION, e.what(), e.reason(), /*localize=*/true);
  } catch (const ConflictError& e) {
    return WithErrorInfo(grpc::ABORTED, e.what(), e.reason(), /*localize=*/true);
  } catch (const PermissionError& e) {
    return WithErrorInfo(grpc::PERMISSION_DENIED, e.what(), "PERMISSION_DENIED",
                         /*localize=*/true);
  } catch (const auth::AuthenticationError& e) {
    return WithErrorInfo(grpc::UNAUTHENTICATED, e.what(), "UNAUTHENTICATED");
  } catch (const db::DeadlineExceeded& e) {
    return WithErrorInfo(grpc::DEADLINE_EXCEEDED, e.what(), "DEADLINE_EXCEEDED");
  } catch (const db::DatabaseUnavailable& e) {
    log::Error("database unavailable", {{"error", e.what()}});
    return WithErrorInfo(grpc::UNAVAILABLE, "database unavailable; retry later",
                         "DATABASE_UNAVAILABLE");
  } catch (const pqxx::broken_connection& e) {
    log::Error("database connection lost", {{"error", e.what()}});
    return WithErrorInfo(grpc::UNAVAILABLE, "database unavailable; retry later",
                         "DATABASE_UNAVAILABLE");
  } catch (const pqxx::transaction_rollback& e) {
    return WithErrorInfo(grpc::ABORTED, "concurrent update; retry", "CONCURRENT_UPDATE");
  } catch (const pqxx::sql_error& e) {
    // 57014: statement_timeout fired, i.e. the caller's deadline (ScopedDeadline) ran out.
    if (e.sqlstate() == "57014") {
      return WithErrorInfo(grpc::DEADLINE_EXCEEDED, "deadline exceeded while querying the database",
                           "DEADLINE_EXCEEDED");
    }
    log::Error("internal error", {{"error", e.what()}, {"sqlstate", e.sqlstate()}});
    return WithErrorInfo(grpc::INTERNAL, "internal error", "INTERNAL");
  } catch (const std::exception& e) {
    log::Error("internal error", {{"error", e.what()}});
    return WithErrorInfo(grpc::INTERNAL, "internal error", "INTERNAL");
  } catch (...) {
    log::Error("internal error: unknown exception");
    return WithErrorInfo(grpc::INTERNAL, "internal error", "INTERNAL");
  }
}

RpcGuard::RpcGuard(std::shared_ptr<const auth::TokenVerifier> verifier)
    : verifier_(std::move(verifier)) {}

grpc::Status RpcGuard::Run(grpc::ServerContext* context,
                           const std::function<void(const auth::Principal&)>& body) const {
  auto started = std::chrono::steady_clock::now();
  const std::optional<std::string_view> served = ServedMethod(context);
  // Logs and metrics name the method without its service, as they always have.
  const std::string method =
      served ? std::string(served->substr(served->rfind('/') + 1)) : std::string("unknown");
  std::string request_id = RequestIdFor(context);
  log::ScopedRequestId scoped(request_id);
  context->AddInitialMetadata("x-request-id", request_id);
  grpc::Status status;
  std::string caller;
  if (context->IsCancelled() ||
      (context->deadline() != std::chrono::system_clock::time_point::max() &&
       context->deadline() <= std::chrono::system_clock::now())) {
    status = grpc::Status(grpc::DEADLINE_EXCEEDED, "deadline exceeded before the call started");
  } else {
    try {
      // Deny by default, before anything else: a method without a row is closed to everyone.
      const auth::RpcRule* rule = served ? auth::FindRpcRule(*served) : nullptr;
      if (rule == nullptr) {
        log::Error("rpc without an access policy row",
                   {{"method", std::string(served.value_or(""))}});
        throw PermissionError(method + " is not in the access policy; nobody may call it");
      }
      auth::Principal principal =
          verifier_->VerifyAuthorizationHeader(Metadata(context, "authorization"));
      caller = principal.subject;
      if (!principal.HasCrmRole()) {
        throw PermissionError(method + " requires a CRM role; the token carries none of them");
      }
      if (!auth::MayCall(*rule, principal)) {
        throw PermissionError(method +
                              " requires one of the roles: " + auth::RoleNames(rule->roles));
      }
      std::optional<db::ScopedDeadline> deadline;
      if (context->deadline() != std::chrono::system_clock::time_point::max()) {
        deadline.emplace(context->deadline());
      }
      body(principal);
      status = grpc::Status::OK;
    } catch (...) {
      status = StatusFromCurrentException();
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string code = StatusCodeName(status.error_code());
  auto& registry = metrics::Registry::Global();
  registry
      .GetCounter("crm_grpc_requests_total", "gRPC requests by method and code",
                  {{"method", method}, {"code", code}})
      .Inc();
  registry.GetHistogram("crm_grpc_request_seconds", "gRPC latency", {{"method", method}})
      .Observe(seconds);
  nlohmann::json fields = {
      {"method", method}, {"code", code}, {"duration_ms", seconds * 1000.0}, {"caller", caller}};
  if (!status.ok()) {
    fields["error"] = status.error_message();
  }
  if (status.ok() || status.error_code() != grpc::INTERNAL) {
    log::Info("rpc", std::move(fields));
  } else {
    log::Error("rpc", std::move(fields));
  }
  return status;
}

}  // namespace crm::common::rpc
