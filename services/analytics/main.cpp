#include "common/grpc/service_host.h"
#include "services/analytics/service.h"

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(argc, argv, crm::analytics::Definition());
}
