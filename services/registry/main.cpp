#include "common/grpc/service_host.h"
#include "services/registry/service.h"

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(argc, argv, crm::registry::Definition());
}
