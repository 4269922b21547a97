#include "services/planning/service.h"

#include <memory>
#include <utility>

#include "services/planning/api/assessment_api.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/catalogue_api.h"
#include "services/planning/api/redirect_api.h"
#include "services/planning/api/sales_api.h"
#include "services/planning/api/stand_api.h"
#include "services/planning/api/stats_api.h"
#include "services/planning/app/hold_expiry.h"
#include "services/planning/app/lead_source_handover.h"
#include "services/planning/app/reminder_scheduler.h"
#include "services/planning/events/handlers.h"
#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"

namespace crm::planning {

common::rpc::ServiceDefinition Definition(std::optional<PlanningApi::Clock> fixed_clock) {
  auto wire = [fixed_clock = std::move(fixed_clock)](common::rpc::ServiceHost& host,
                                                     common::EnvReader&) {
    const PlanningApi::Clock clock = fixed_clock.value_or(app::SystemClock());
    const common::rpc::RpcGuard& guard = host.guard();
    common::db::Pool& pool = host.pool();
    auto& hub = host.Own(std::make_unique<app::ReminderHub>(pool.url()));
    auto& scheduler = host.Own(std::make_unique<app::ReminderScheduler>(pool, hub, clock));
    host.AddWorker({[&hub] { hub.Start(); }, [&hub] { hub.Stop(); }});
    host.AddWorker({[&scheduler] { scheduler.Start(); }, [&scheduler] { scheduler.Stop(); }});
    auto& holds = host.Own(std::make_unique<app::HoldExpiry>(pool, clock));
    host.AddWorker({[&holds] { holds.Start(); }, [&holds] { holds.Stop(); }});
    host.AddService<v1::PlanningService>(std::make_unique<PlanningApi>(guard, pool, clock));
    host.AddService<v1::CalendarService>(std::make_unique<CalendarApi>(guard, pool, clock, &hub));
    host.AddService<v1::SaleService>(std::make_unique<SalesApi>(guard, pool, clock));
    host.AddService<v1::StandService>(std::make_unique<StandApi>(guard, pool, clock));
    host.AddService<v1::CatalogueService>(std::make_unique<CatalogueApi>(guard, pool, clock));
    host.AddService<v1::RedirectService>(std::make_unique<RedirectApi>(guard, pool, clock));
    host.AddService<v1::AssessmentService>(std::make_unique<AssessmentApi>(guard, pool, clock));
    host.AddService<v1::ContactStatsService>(std::make_unique<StatsApi>(guard, pool));
    // Once per installation: what planning recorded before registry owned lead sources.
    app::HandOverLeadSources(pool);
    host.AddOutboxRelay();
    host.AddConsumers(projection::Subscriptions());
  };
  return {"planning", Migrations(), AllQueries(), std::move(wire)};
}

}  // namespace crm::planning
