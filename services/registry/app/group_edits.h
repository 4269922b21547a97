#pragma once

#include <string_view>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/group_rules.h"

// Editing a group: one transaction that locks the group the caller may edit (EditableGroup),
// checks the etag, applies the masked fields, stores them, records the version (`change`:
// app::kUpdated, or app::kRestored for RestoreResourceVersion) and enqueues group.updated.
namespace crm::registry::app {

v1::Group UpdateGroup(common::db::Pool& pool, const common::auth::Principal& caller,
                      const GroupUpdate& update, const v1::Group& changes, std::string_view change);

}  // namespace crm::registry::app
