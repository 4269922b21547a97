#pragma once

#include "common/grpc/service_host.h"

namespace crm::analytics {

// crm-analytics as one unit: its migrations, its statements and how it is assembled in a
// ServiceHost — its API and the consumer of the projection it reports from (analytics publishes
// nothing, so it has no outbox relay). main.cpp serves it; the integration tests start the same
// assembly (testing::RunningService).
common::rpc::ServiceDefinition Definition();

}  // namespace crm::analytics
