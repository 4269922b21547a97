#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "common/auth/auth.h"

// The one way every RPC is handled: request id, deadline, authentication, role check, logging,
// metrics and error mapping wrap the handler's body. Handlers contain only their own logic:
//
//   return guard_.Run(context, [&](const auth::Principal& caller) { *response = ...; });
//
// Who may call which RPC is not the handler's to say: the guard reads it from the access policy
// (common/auth/policy.h) under the method the server is serving.
namespace crm::common::rpc {

class RpcGuard {
 public:
  explicit RpcGuard(std::shared_ptr<const auth::TokenVerifier> verifier);

  // Deny by default: a method the policy table lacks (auth::FindRpcRule), or a context of a
  // server ConfigureServerBuilder did not set up (so the method is unknown), is
  // PERMISSION_DENIED for everyone. Then a caller needs a valid token (else UNAUTHENTICATED)
  // carrying at least one CRM role (else PERMISSION_DENIED) and one of the roles the method's
  // row lists (admin passes every row).
  grpc::Status Run(grpc::ServerContext* context,
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
