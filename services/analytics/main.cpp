#include <memory>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/analytics/api/analytics_api.h"
#include "services/analytics/events/projection_events.h"
#include "services/analytics/store/migrations.h"
#include "services/analytics/store/queries.h"

namespace {

using crm::common::EnvReader;
using crm::common::rpc::ServiceHost;

// Analytics publishes nothing, so it has no outbox relay.
void Wire(ServiceHost& host, EnvReader&) {
  host.AddService<crm::analytics::v1::AnalyticsService>(
      std::make_unique<crm::analytics::AnalyticsApi>(host.guard(), host.pool()));
  host.AddConsumer(crm::analytics::ProjectionConsumerOptions(), crm::analytics::ProjectionRouter());
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"analytics", crm::analytics::Migrations(), crm::analytics::Queries(), Wire});
}
