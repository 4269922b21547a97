#include "services/registry/app/exhibition_edits.h"

#include <string>

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/events/published.h"
#include "services/registry/store/exhibition_store.h"
#include "services/registry/store/project_store.h"

namespace crm::registry::app {
namespace {

void CheckExhibitionEdit(const common::auth::Principal& caller) {
  if (!MayEditExhibitions(caller)) {
    throw common::PermissionError("only analysts and heads of sales edit projects and editions");
  }
}

}  // namespace

v1::Project UpdateProject(common::db::Pool& pool, const common::auth::Principal& caller,
                          const ProjectUpdate& update, const v1::Project& changes,
                          std::string_view change) {
  CheckExhibitionEdit(caller);
  return pool.InTransaction([&](pqxx::work& tx) {
    auto current = LockProject(tx, update.id);
    if (!current) {
      throw common::NotFoundError(common::ResourceName("projects", update.id));
    }
    common::api::CheckEtag(current->name(), current->etag(), update.mask.etag);
    v1::Project target = ApplyProjectUpdate(*current, changes, update.mask.paths);
    v1::Project updated = UpdateProjectRecord(tx, update.id, target, caller.subject);
    RecordResourceHistory(tx, updated, change, caller.subject);
    common::bus::EnqueueEvent(tx, events::v1::kProjectUpdated, updated.name(),
                              ProjectUpdatedEvent(updated));
    return updated;
  });
}

v1::Edition UpdateEdition(common::db::Pool& pool, const common::auth::Principal& caller,
                          const EditionUpdate& update, const v1::Edition& changes,
                          std::string_view change) {
  CheckExhibitionEdit(caller);
  return pool.InTransaction([&](pqxx::work& tx) {
    auto current = LockEdition(tx, update.ref);
    if (!current) {
      throw common::NotFoundError(common::ResourceName("projects", update.ref.project_id) + "/" +
                                  common::ResourceName("editions", update.ref.edition_id));
    }
    common::api::CheckEtag(current->name(), current->etag(), update.mask.etag);
    v1::Edition target = ApplyEditionUpdate(*current, changes, update.mask.paths);
    if (!EditionStatusMayChange(current->status(), target.status())) {
      throw common::PreconditionError("EDITION_STATUS_TRANSITION",
                                      "an edition cannot go from " +
                                          EditionStatusText::Of(current->status()) + " to " +
                                          EditionStatusText::Of(target.status()));
    }
    v1::Edition updated = UpdateEditionRecord(tx, update.ref.edition_id, target, caller.subject);
    RecordResourceHistory(tx, updated, change, caller.subject);
    auto project = FindProject(tx, update.ref.project_id);
    common::bus::EnqueueEvent(tx, events::v1::kEditionUpdated, updated.name(),
                              EditionUpdatedEvent(updated, *project));
    return updated;
  });
}

}  // namespace crm::registry::app
