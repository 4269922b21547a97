#include <memory>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/analytics/api/analytics_api.h"
#include "services/analytics/events/handlers.h"
#include "services/analytics/store/migrations.h"
#include "services/analytics/store/queries.h"

namespace {

using crm::common::EnvReader;
using crm::common::rpc::ServiceHost;

// Analytics publishes nothing, so it has no outbox relay.
void Wire(ServiceHost& host, EnvReader&) {
  auto& api = host.Own(std::make_unique<crm::analytics::AnalyticsApi>(host.guard(), host.pool()));
  host.AddService(&api, "crm.analytics.v1.AnalyticsService");
  auto& consumer = host.Own(std::make_unique<crm::common::bus::EventConsumer>(
      host.pool(), host.config().nats_url, host.stream_layout(),
      crm::analytics::ProjectionConsumerOptions(), crm::analytics::ProjectionRouter()));
  host.AddWorker({[&consumer] { consumer.Start(); }, [&consumer] { consumer.Stop(); }});
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"analytics", crm::analytics::Migrations(), crm::analytics::kQueries, Wire});
}
