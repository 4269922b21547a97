#include "services/registry/app/group_edits.h"

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/events/published.h"
#include "services/registry/store/group_store.h"

namespace crm::registry::app {

v1::Group UpdateGroup(common::db::Pool& pool, const common::auth::Principal& caller,
                      const GroupUpdate& update, const v1::Group& changes,
                      std::string_view change) {
  return pool.InTransaction([&](pqxx::work& tx) {
    v1::Group current =
        EditableGroup(LockGroup(tx, update.id), caller, common::ResourceName("groups", update.id));
    common::api::CheckEtag(current.name(), current.etag(), update.etag);
    v1::Group target = ApplyGroupUpdate(current, changes, update.paths);
    v1::Group updated = UpdateGroupRecord(tx, update.id, target, caller.subject);
    RecordResourceHistory(tx, updated, change, caller.subject);
    common::bus::EnqueueEvent(tx, events::v1::kGroupUpdated, updated.name(),
                              GroupUpdatedEvent(updated));
    return updated;
  });
}

}  // namespace crm::registry::app
