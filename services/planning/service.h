#pragma once

#include <optional>

#include "common/grpc/service_host.h"
#include "services/planning/api/planning_api.h"

namespace crm::planning {

// crm-planning as one unit: its migrations, its statements and how it is assembled in a
// ServiceHost — every API, the reminder hub and scheduler, the outbox relay and the registry
// projection's consumer. main.cpp serves it; the integration tests start the same assembly.
// `clock`, when given, is the service's "now" for the APIs and the reminder scheduler alike (tests
// pass a fixed one); without it each uses the system clock.
common::rpc::ServiceDefinition Definition(std::optional<PlanningApi::Clock> clock = std::nullopt);

}  // namespace crm::planning
