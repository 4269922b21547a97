#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

// Calls any gRPC method by its full name without its generated stub, for tests that go over
// every method of a service (the access matrix) or over one no service declares.
namespace crm::testing {

// Calls `method` ("/crm.registry.v1.RegistryService/GetClient") on `channel` with `token`
// (none when empty) and one empty request message, then reads whatever the server streams back
// until it finishes or `timeout` passes. Works for unary, server-, client- and bidi-streaming
// methods alike: gRPC frames every kind the same way on the wire. Returns the final status.
grpc::Status CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& method, const std::string& token,
                                  std::chrono::milliseconds timeout);

}  // namespace crm::testing
