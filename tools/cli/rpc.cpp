#include "tools/cli/rpc.h"

#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "common/core/ids.h"
#include "common/grpc/rpc_guard.h"
#include "common/grpc/tls.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace crm::cli {

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return fallback;
  }
  return value;
}

std::string TokenAudience() { return EnvOr("CRM_JWT_AUDIENCE", common::auth::kDefaultAudience); }

Endpoints Endpoints::FromEnv() {
  return {EnvOr("CRM_REGISTRY_ADDR", "127.0.0.1:50051"),
          EnvOr("CRM_PLANNING_ADDR", "127.0.0.1:50052"),
          EnvOr("CRM_DOCUMENTS_ADDR", "127.0.0.1:50053"),
          EnvOr("CRM_ACCOUNTING_ADDR", "127.0.0.1:50054"),
          EnvOr("CRM_ANALYTICS_ADDR", "127.0.0.1:50055")};
}

const std::string& Endpoints::For(std::string_view service_full_name) const {
  const std::pair<std::string_view, const std::string*> packages[] = {
      {"crm.registry.v1.", &registry},
      {"crm.planning.v1.", &planning},
      {"crm.documents.v1.", &documents},
      {"crm.accounting.v1.", &accounting},
      {"crm.analytics.v1.", &analytics}};
  for (const auto& [package, address] : packages) {
    if (service_full_name.substr(0, package.size()) == package) {
      return *address;
    }
  }
  throw std::invalid_argument("no endpoint serves " + std::string(service_full_name));
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address, grpc::ChannelArguments args) {
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  // TLS when CRM_GRPC_TLS_CA_FILE names the services' CA (docs/operations.md, "Transport").
  common::EnvReader env;
  const common::TlsFiles tls = common::ClientTlsFromEnv(env);
  env.Validate();
  return grpc::CreateCustomChannel(address, common::rpc::ChannelCredentials(tls), args);
}

std::string PrepareContext(grpc::ClientContext& context, const std::string& token,
                           std::string request_id) {
  if (request_id.empty()) {
    request_id = common::NewUuid();
  }
  context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  if (!token.empty()) {
    context.AddMetadata("authorization", "Bearer " + token);
  }
  context.AddMetadata("x-request-id", request_id);
  return request_id;
}

std::string DescribeStatus(const grpc::Status& status) {
  std::string out =
      common::rpc::StatusCodeName(status.error_code()) + ": " + status.error_message() + "\n";
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return out;
  }
  for (const auto& any : details.details()) {
    if (google::rpc::BadRequest bad; any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) {
        out += "  " + v.field() + ": " + v.description() + "\n";
      }
    } else if (google::rpc::ResourceInfo info; any.UnpackTo(&info)) {
      out += "  resource: " + info.resource_name();
      if (!info.description().empty()) {
        out += " (" + info.description() + ")";
      }
      out += "\n";
    } else if (google::rpc::ErrorInfo error; any.UnpackTo(&error)) {
      out += "  reason: " + error.reason() + "\n";
    } else if (google::rpc::PreconditionFailure failure; any.UnpackTo(&failure)) {
      for (const auto& v : failure.violations()) {
        out += "  precondition " + v.type() + " " + v.subject() + ": " + v.description() + "\n";
      }
    }
  }
  return out;
}

}  // namespace crm::cli
