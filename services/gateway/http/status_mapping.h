#pragma once

#include <grpcpp/grpcpp.h>

// gRPC status codes to HTTP status codes, the standard mapping (google/rpc/code.proto, the one
// Envoy's transcoder and grpc-gateway use): INVALID_ARGUMENT, FAILED_PRECONDITION and
// OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS
// and ABORTED 409, RESOURCE_EXHAUSTED 429, CANCELLED 499, UNIMPLEMENTED 501, UNAVAILABLE 503,
// DEADLINE_EXCEEDED 504, the rest 500.
namespace crm::gateway {

int HttpStatusOf(grpc::StatusCode code);

}  // namespace crm::gateway
