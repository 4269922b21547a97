#include "services/planning/app/lead_source_handover.h"

#include <string>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/planning/events/published.h"
#include "services/planning/store/assessment_store.h"

namespace crm::planning::app {

int HandOverLeadSources(common::db::Pool& pool, int batch_size) {
  int total = 0;
  for (;;) {
    const int n = pool.InTransaction([&](pqxx::work& tx) {
      const std::vector<v1::LeadSource> sources = store::LeadSourcesToHandOver(tx, batch_size);
      std::vector<crm::events::v1::LeadSourceSet> events;
      std::vector<std::string> client_ids;
      events.reserve(sources.size());
      client_ids.reserve(sources.size());
      for (const auto& source : sources) {
        events.push_back(LeadSourceSetEvent(source));
        client_ids.push_back(common::ParseResourceId(source.client(), "clients").value_or(""));
      }
      std::vector<common::bus::PendingEvent<crm::events::v1::LeadSourceSet>> pending;
      pending.reserve(events.size());
      for (const auto& event : events) {
        pending.push_back({event.lead_source().client(), &event});
      }
      common::bus::EnqueueEvents(tx, crm::events::v1::kLeadSourceSet, pending);
      store::MarkLeadSourcesHandedOver(tx, client_ids);
      return static_cast<int>(sources.size());
    });
    total += n;
    if (n < batch_size) {
      break;
    }
  }
  if (total > 0) {
    common::log::Info("lead sources handed over to registry", {{"clients", std::to_string(total)}});
  }
  return total;
}

}  // namespace crm::planning::app
