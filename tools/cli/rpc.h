#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

// gRPC plumbing shared by the `crm` command line and the demo loader: where the services listen,
// how a call is prepared (token, deadline, request id) and how a failed call is explained.
namespace crm::cli {

// Every call gets this long; a local stack answers in milliseconds, so hitting it means a
// service is stuck or down.
inline constexpr std::chrono::seconds kCallDeadline{10};

// The services' gRPC addresses: CRM_<SERVICE>_ADDR, defaulting to the local stack's ports.
struct Endpoints {
  std::string registry;
  std::string planning;
  std::string documents;
  std::string accounting;
  std::string analytics;

  static Endpoints FromEnv();
  // The address of the service that serves the gRPC service `service_full_name`, chosen by its
  // package: "crm.registry.v1.GroupService" → registry. Throws std::invalid_argument otherwise.
  const std::string& For(std::string_view service_full_name) const;
};

// The value of environment variable `name`, or `fallback` when unset or empty.
std::string EnvOr(const char* name, std::string fallback);

// The audience (`aud`) of the tokens the tools mint: CRM_JWT_AUDIENCE as the services have it
// (tools/up writes it to .local/env), or the project's default.
std::string TokenAudience();

// An insecure channel (the local stack and in-cluster traffic are plain gRPC) with a large
// enough receive limit for document PDFs.
// `args`: channel settings of the caller's own (reconnect backoff), on top of the shared ones.
std::shared_ptr<grpc::Channel> Connect(const std::string& address,
                                       grpc::ChannelArguments args = {});

// Bearer token, deadline and x-request-id for one call. An empty `request_id` gets a fresh UUID.
// Returns the request id used, so a failure can be matched with the service's logs.
std::string PrepareContext(grpc::ClientContext& context, const std::string& token,
                           std::string request_id = {});

// A failed call for a person: the code and message, then one line per google.rpc detail the
// services attach (each BadRequest field violation, the resource of a NOT_FOUND or
// ALREADY_EXISTS, the ErrorInfo reason). Ends with a newline.
std::string DescribeStatus(const grpc::Status& status);

}  // namespace crm::cli
