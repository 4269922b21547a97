#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <initializer_list>
#include <memory>

#include "common/auth/auth.h"

// The one way every RPC is handled: request id, deadline, authentication, role check, logging,
// metrics and error mapping wrap the handler's body. Handlers contain only their own logic:
//
//   return guard_.Run(ctx, "CreateClient", {Role::kSalesManager, Role::kAnalyst},
//                     [&](const auth::Principal& caller) { *response = ...; });
namespace crm::common::rpc {

class RpcGuard {
 public:
  explicit RpcGuard(std::shared_ptr<const auth::TokenVerifier> verifier);

  // Deny by default: a caller needs a valid token (else UNAUTHENTICATED) carrying at least one
  // CRM role (else PERMISSION_DENIED, whatever the RPC), and then one of `roles`. `roles` empty
  // means any CRM role: sales_manager, sales_head, analyst, accountant, admin and also service,
  // because other company systems read through the same RPCs as staff and the handlers' own
  // access rules (e.g. planning's owner scope) decide what a service sees. The admin role passes
  // every role check.
  grpc::Status Run(grpc::ServerContext* context, const char* method,
                   std::initializer_list<auth::Role> roles,
                   const std::function<void(const auth::Principal&)>& body) const;

 private:
  std::shared_ptr<const auth::TokenVerifier> verifier_;
};

// Maps the exception in flight (domain errors, database and bus failures) to a gRPC status with
// google.rpc details (BadRequest, ResourceInfo, ErrorInfo). Never INTERNAL for a caller's mistake.
grpc::Status StatusFromCurrentException();

// "INVALID_ARGUMENT" etc., for logs, metrics and the CLI.
std::string StatusCodeName(grpc::StatusCode code);

// Builds a status carrying google.rpc.Status details.
grpc::Status StatusWithDetails(grpc::StatusCode code, const std::string& message,
                               const std::string& serialized_rpc_status);

}  // namespace crm::common::rpc
