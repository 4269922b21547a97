#include <memory>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/planning_api.h"
#include "services/planning/api/reminder_scheduler.h"
#include "services/planning/events/registry_projection.h"
#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"

namespace {

using crm::common::EnvReader;
using crm::common::bus::EventConsumer;
using crm::common::rpc::ServiceHost;

void Wire(ServiceHost& host, EnvReader& /*env*/) {
  auto& api = host.Own(std::make_unique<crm::planning::PlanningApi>(host.guard(), host.pool()));
  host.AddService(&api, "crm.planning.v1.PlanningService");
  auto& hub = host.Own(std::make_unique<crm::planning::ReminderHub>(host.pool().url()));
  auto& scheduler = host.Own(std::make_unique<crm::planning::ReminderScheduler>(
      host.pool(), hub, crm::planning::ReminderScheduler::SystemClock()));
  host.AddWorker({[&hub] { hub.Start(); }, [&hub] { hub.Stop(); }});
  host.AddWorker({[&scheduler] { scheduler.Start(); }, [&scheduler] { scheduler.Stop(); }});
  auto& calendar = host.Own(std::make_unique<crm::planning::CalendarApi>(
      host.guard(), host.pool(), crm::planning::PlanningApi::SystemClock(), &hub));
  host.AddService(&calendar, "crm.planning.v1.CalendarService");
  host.AddOutboxRelay();
  auto& registry = host.Own(
      std::make_unique<EventConsumer>(host.pool(), host.config().nats_url, host.stream_layout(),
                                      crm::planning::projection::RegistryConsumerOptions(),
                                      crm::planning::projection::RegistryProjectionRouter()));
  host.AddWorker({[&registry] { registry.Start(); }, [&registry] { registry.Stop(); }});
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"planning", crm::planning::Migrations(), crm::planning::AllQueries(), Wire});
}
