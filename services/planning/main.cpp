#include <memory>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/planning/api/assessment_api.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/catalogue_api.h"
#include "services/planning/api/planning_api.h"
#include "services/planning/api/redirect_api.h"
#include "services/planning/api/reminder_scheduler.h"
#include "services/planning/api/sales_api.h"
#include "services/planning/api/stats_api.h"
#include "services/planning/events/registry_projection.h"
#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"

namespace {

using crm::common::EnvReader;
using crm::common::rpc::ServiceHost;

void Wire(ServiceHost& host, EnvReader& /*env*/) {
  host.AddService<crm::planning::v1::PlanningService>(
      std::make_unique<crm::planning::PlanningApi>(host.guard(), host.pool()));
  auto& hub = host.Own(std::make_unique<crm::planning::ReminderHub>(host.pool().url()));
  auto& scheduler = host.Own(std::make_unique<crm::planning::ReminderScheduler>(
      host.pool(), hub, crm::planning::ReminderScheduler::SystemClock()));
  host.AddWorker({[&hub] { hub.Start(); }, [&hub] { hub.Stop(); }});
  host.AddWorker({[&scheduler] { scheduler.Start(); }, [&scheduler] { scheduler.Stop(); }});
  host.AddService<crm::planning::v1::CalendarService>(std::make_unique<crm::planning::CalendarApi>(
      host.guard(), host.pool(), crm::planning::PlanningApi::SystemClock(), &hub));
  host.AddService<crm::planning::v1::SaleService>(
      std::make_unique<crm::planning::SalesApi>(host.guard(), host.pool()));
  host.AddService<crm::planning::v1::CatalogueService>(
      std::make_unique<crm::planning::CatalogueApi>(host.guard(), host.pool()));
  host.AddService<crm::planning::v1::RedirectService>(
      std::make_unique<crm::planning::RedirectApi>(host.guard(), host.pool()));
  host.AddService<crm::planning::v1::AssessmentService>(
      std::make_unique<crm::planning::AssessmentApi>(host.guard(), host.pool()));
  host.AddService<crm::planning::v1::ContactStatsService>(
      std::make_unique<crm::planning::StatsApi>(host.guard(), host.pool()));
  host.AddOutboxRelay();
  host.AddConsumer(crm::planning::projection::RegistryConsumerOptions(),
                   crm::planning::projection::RegistryProjectionRouter());
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"planning", crm::planning::Migrations(), crm::planning::AllQueries(), Wire});
}
