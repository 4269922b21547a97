#pragma once

#include "common/grpc/service_host.h"

namespace crm::registry {

// crm-registry as one unit: its migrations, its statements and how it is assembled in a
// ServiceHost — its APIs and the outbox relay. main.cpp serves it; the integration tests start the
// same assembly (testing::RunningService).
common::rpc::ServiceDefinition Definition();

}  // namespace crm::registry
