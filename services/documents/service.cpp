#include "services/documents/service.h"

#include <memory>

#include "services/documents/api/documents_api.h"
#include "services/documents/events/handlers.h"
#include "services/documents/store/migrations.h"
#include "services/documents/store/queries.h"

namespace crm::documents {

common::rpc::ServiceDefinition Definition() {
  auto wire = [](common::rpc::ServiceHost& host, common::EnvReader& env) {
    // A sale that arrives before any issuer is configured is retried (backoff capped at 30 s)
    // rather than dead-lettered, for about two hours by default, so setting up the issuer late
    // still invoices it.
    const int sale_max_deliver = env.Int("CRM_DOCUMENTS_SALE_MAX_DELIVER", 240, 1, 100000);
    host.AddService<v1::DocumentService>(std::make_unique<DocumentsApi>(host.guard(), host.pool()));
    host.AddOutboxRelay();
    host.AddConsumers(Subscriptions(sale_max_deliver));
  };
  return {"documents", Migrations(), Queries(), wire};
}

}  // namespace crm::documents
