#include "services/registry/service.h"

#include <memory>

#include "services/registry/api/exhibition_api.h"
#include "services/registry/api/group_api.h"
#include "services/registry/api/import_api.h"
#include "services/registry/api/mailing_api.h"
#include "services/registry/api/quality_api.h"
#include "services/registry/api/registry_api.h"
#include "services/registry/api/staff_api.h"
#include "services/registry/events/handlers.h"
#include "services/registry/store/all_queries.h"
#include "services/registry/store/migrations.h"

namespace crm::registry {

common::rpc::ServiceDefinition Definition() {
  auto wire = [](common::rpc::ServiceHost& host, common::EnvReader&) {
    const common::rpc::RpcGuard& guard = host.guard();
    common::db::Pool& pool = host.pool();
    host.AddService<v1::RegistryService>(std::make_unique<RegistryApi>(guard, pool));
    host.AddService<v1::ClientQualityService>(std::make_unique<QualityApi>(guard, pool));
    host.AddService<v1::StaffService>(std::make_unique<StaffApi>(guard, pool));
    host.AddService<v1::ExhibitionService>(std::make_unique<ExhibitionApi>(guard, pool));
    host.AddService<v1::GroupService>(std::make_unique<GroupApi>(guard, pool));
    host.AddService<v1::ImportService>(std::make_unique<ImportApi>(guard, pool));
    host.AddService<v1::MailingService>(std::make_unique<MailingApi>(guard, pool));
    host.AddOutboxRelay();
    host.AddConsumers(Subscriptions());
  };
  return {"registry", Migrations(), AllQueries(), wire};
}

}  // namespace crm::registry
