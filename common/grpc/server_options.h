#pragma once

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string_view>

// Server-wide gRPC settings shared by every service binary and by the in-process servers of the
// integration tests, so both behave the same.
namespace crm::common::rpc {

// Message size limits and the interceptors below.
void ConfigureServerBuilder(grpc::ServerBuilder& builder);

// gRPC's generated code rejects a request it cannot parse (for example a string field holding
// invalid UTF-8) before any handler runs, with INTERNAL and an empty message. That is the
// caller's mistake, so this interceptor turns it into INVALID_ARGUMENT with a clear message and
// an ErrorInfo, and counts it. Handlers' own INTERNAL errors always carry a message and pass
// through unchanged.
class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Remembers which method each call on the server serves, for ServedMethod: the RPC guard looks
// the caller's permissions up by it (common/auth/policy.h), so a handler cannot name another.
class ServedMethodInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The full gRPC method name ("/crm.registry.v1.RegistryService/VerifyClient") of the call
// `context` belongs to, valid while the call lasts; nullopt for a context of a server that
// ConfigureServerBuilder did not set up.
std::optional<std::string_view> ServedMethod(const grpc::ServerContextBase* context);

}  // namespace crm::common::rpc
