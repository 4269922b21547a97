#include "services/gateway/http/status_mapping.h"

namespace crm::gateway {

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return 200;
    case grpc::CANCELLED:
      return 499;
    case grpc::INVALID_ARGUMENT:
    case grpc::FAILED_PRECONDITION:
    case grpc::OUT_OF_RANGE:
      return 400;
    case grpc::DEADLINE_EXCEEDED:
      return 504;
    case grpc::NOT_FOUND:
      return 404;
    case grpc::ALREADY_EXISTS:
    case grpc::ABORTED:
      return 409;
    case grpc::PERMISSION_DENIED:
      return 403;
    case grpc::UNAUTHENTICATED:
      return 401;
    case grpc::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::UNIMPLEMENTED:
      return 501;
    case grpc::UNAVAILABLE:
      return 503;
    case grpc::UNKNOWN:
    case grpc::INTERNAL:
    case grpc::DATA_LOSS:
    default:
      return 500;
  }
}

}  // namespace crm::gateway
