#include "common/grpc/service_host.h"
#include "services/documents/service.h"

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(argc, argv, crm::documents::Definition());
}
