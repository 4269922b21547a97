#pragma once

#include <string_view>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/exhibition_rules.h"

// Editing projects and editions: one transaction each that checks the caller may edit them
// (MayEditExhibitions), locks the record, checks the etag, applies the masked fields by the
// domain's rules, stores them, records the version (`change`: app::kUpdated, or app::kRestored
// for RestoreResourceVersion) and enqueues project.updated or edition.updated.
namespace crm::registry::app {

v1::Project UpdateProject(common::db::Pool& pool, const common::auth::Principal& caller,
                          const ProjectUpdate& update, const v1::Project& changes,
                          std::string_view change);

// An edition's status moves only as EditionStatusMayChange allows (FAILED_PRECONDITION
// EDITION_STATUS_TRANSITION otherwise).
v1::Edition UpdateEdition(common::db::Pool& pool, const common::auth::Principal& caller,
                          const EditionUpdate& update, const v1::Edition& changes,
                          std::string_view change);

}  // namespace crm::registry::app
