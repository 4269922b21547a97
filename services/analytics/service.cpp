#include "services/analytics/service.h"

#include <memory>

#include "services/analytics/api/analytics_api.h"
#include "services/analytics/api/forecast_api.h"
#include "services/analytics/api/plans_api.h"
#include "services/analytics/events/handlers.h"
#include "services/analytics/store/migrations.h"
#include "services/analytics/store/projection_tables.h"
#include "services/analytics/store/queries.h"

namespace crm::analytics {

common::rpc::ServiceDefinition Definition() {
  auto wire = [](common::rpc::ServiceHost& host, common::EnvReader& env) {
    host.AddService<v1::AnalyticsService>(
        std::make_unique<AnalyticsApi>(host.guard(), host.pool()));
    // Plan months are the company's (CRM_TIME_ZONE, as ServiceMain sets the process's TZ).
    host.AddService<v1::SalesPlanService>(std::make_unique<SalesPlanApi>(
        host.guard(), host.pool(), env.Optional("CRM_TIME_ZONE", "Europe/Samara")));
    host.AddService<v1::ForecastService>(std::make_unique<ForecastApi>(host.guard(), host.pool()));
    host.AddConsumers(Subscriptions());
  };
  return {"analytics",
          Migrations(),
          Queries(),
          wire,
          {ProjectionTables(), {ProjectionConsumerOptions().durable}}};
}

}  // namespace crm::analytics
