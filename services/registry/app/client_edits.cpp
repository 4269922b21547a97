#include "services/registry/app/client_edits.h"

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

}  // namespace

v1::Client UpdateClient(common::db::Pool& pool, const Principal& caller, const ClientUpdate& update,
                        const v1::Client& changes) {
  v1::Client target;
  try {
    return pool.InTransaction([&](pqxx::work& tx) {
      v1::Client current = LockCurrentClient(tx, update.id, update.etag);
      if (current.has_delete_time()) {
        throw common::PreconditionError(
            "CLIENT_DELETED",
            "the client " + current.name() + " is deleted; undelete it before editing");
      }
      CheckClientEdit(caller, LoadClientResponsibility(tx, current), update.paths);
      target = ApplyClientUpdate(current, changes, update.paths);
      CheckHeadClient(tx, target, update.id);
      v1::Client updated = UpdateClientRecord(tx, update.id, target, caller.subject);
      AppendClientHistory(tx, updated, "updated", caller.subject, "");
      common::bus::EnqueueEvent(tx, events::v1::kClientUpdated, updated.name(),
                                ClientUpdatedEvent(updated));
      return updated;
    });
  } catch (const pqxx::unique_violation&) {
    // The only unique key an update can hit is INN+KPP: name the client holding it.
    auto existing = pool.Read([&](pqxx::read_transaction& tx) {
      return FindClientByInnKpp(tx, target.inn(), target.kpp());
    });
    if (!existing || existing->name() == changes.name()) {
      throw;
    }
    throw common::AlreadyExistsError(ExistingClientMessage(target, *existing), existing->name());
  }
}

v1::Client DeleteClient(common::db::Pool& pool, const Principal& caller,
                        const ClientDeletion& deletion) {
  return pool.InTransaction([&](pqxx::work& tx) {
    v1::Client current = LockCurrentClient(tx, deletion.id, deletion.etag);
    if (current.has_delete_time()) {
      throw common::PreconditionError("CLIENT_ALREADY_DELETED",
                                      "the client " + current.name() + " is already deleted");
    }
    v1::Client deleted = SetClientDeleted(tx, deletion.id, true, caller.subject);
    AppendClientHistory(tx, deleted, "deleted", caller.subject, "");
    common::bus::EnqueueEvent(tx, events::v1::kClientDeleted, deleted.name(),
                              ClientDeletedEvent(deleted));
    return deleted;
  });
}

v1::Client UndeleteClient(common::db::Pool& pool, const Principal& caller, const std::string& id,
                          const std::string& name) {
  return pool.InTransaction([&](pqxx::work& tx) {
    auto current = LockClient(tx, id);
    if (!current) {
      throw common::NotFoundError(name);
    }
    if (!current->has_delete_time()) {
      throw common::PreconditionError("CLIENT_NOT_DELETED",
                                      "the client " + current->name() + " is not deleted");
    }
    v1::Client restored = SetClientDeleted(tx, id, false, caller.subject);
    AppendClientHistory(tx, restored, "undeleted", caller.subject, "");
    common::bus::EnqueueEvent(tx, events::v1::kClientUndeleted, restored.name(),
                              ClientUndeletedEvent(restored));
    return restored;
  });
}

}  // namespace crm::registry::app
