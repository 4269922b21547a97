#include "services/registry/app/contact_persons.h"

#include <string>

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/client_support.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

std::string PersonName(const ContactPersonRef& ref) {
  return common::ResourceName("clients", ref.client_id) + "/" +
         common::ResourceName("contactPersons", ref.id);
}

// The person locked for a write after its etag check, and the caller's right to change it.
v1::ContactPerson LockPersonForEdit(pqxx::transaction_base& tx, const Principal& caller,
                                    const ContactPersonRef& ref, const std::string& etag) {
  auto client = FindClient(tx, ref.client_id);
  if (!client) {
    throw common::NotFoundError(common::ResourceName("clients", ref.client_id));
  }
  auto person = LockContactPerson(tx, ref);
  if (!person) {
    throw common::NotFoundError(PersonName(ref));
  }
  CheckContactPersonEdit(caller, LoadClientResponsibility(tx, *client));
  common::api::CheckEtag(person->name(), person->etag(), etag);
  return *person;
}

}  // namespace

v1::ContactPerson CreateContactPerson(common::db::Pool& pool, const Principal& caller,
                                      const common::api::IdempotencyKey& key,
                                      const NewContactPerson& input) {
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        auto client = FindClient(tx, input.client_id);
        if (!client) {
          throw common::NotFoundError(common::ResourceName("clients", input.client_id));
        }
        CheckContactPersonEdit(caller, LoadClientResponsibility(tx, *client));
        v1::ContactPerson created = InsertContactPerson(tx, common::NewUuid(), input.client_id,
                                                        input.contact_person, caller.subject);
        RecordResourceHistory(tx, created, kCreated, caller.subject);
        common::bus::EnqueueEvent(tx, events::v1::kContactPersonCreated, created.name(),
                                  ContactPersonCreatedEvent(created));
        return created;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        return common::api::Found(FindContactPerson(tx, ParseContactPersonName(name).value()),
                                  name);
      },
      [&](pqxx::read_transaction&) {
        if (input.contact_person.primary()) {
          throw PrimaryContactTaken(input.client_id);
        }
      });
}

v1::ContactPerson UpdateContactPerson(common::db::Pool& pool, const Principal& caller,
                                      const ContactPersonUpdate& update,
                                      const v1::ContactPerson& changes, std::string_view change) {
  try {
    return pool.InTransaction([&](pqxx::work& tx) {
      v1::ContactPerson current = LockPersonForEdit(tx, caller, update.ref, update.etag);
      if (current.has_delete_time()) {
        throw common::PreconditionError(
            "CONTACT_PERSON_DELETED",
            "the contact person " + current.name() + " is deleted; undelete it first");
      }
      v1::ContactPerson target = ApplyContactPersonUpdate(current, changes, update.paths);
      v1::ContactPerson updated = UpdateContactPersonRecord(tx, update.ref, target, caller.subject);
      RecordResourceHistory(tx, updated, change, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kContactPersonUpdated, updated.name(),
                                ContactPersonUpdatedEvent(updated));
      return updated;
    });
  } catch (const pqxx::unique_violation& error) {
    if (!IsPrimaryContactViolation(error)) {
      throw;
    }
    throw PrimaryContactTaken(update.ref.client_id);
  }
}

v1::ContactPerson DeleteContactPerson(common::db::Pool& pool, const Principal& caller,
                                      const ContactPersonDeletion& deletion) {
  return pool.InTransaction([&](pqxx::work& tx) {
    v1::ContactPerson current = LockPersonForEdit(tx, caller, deletion.ref, deletion.etag);
    if (current.has_delete_time()) {
      throw common::PreconditionError(
          "CONTACT_PERSON_ALREADY_DELETED",
          "the contact person " + current.name() + " is already deleted");
    }
    v1::ContactPerson deleted = SetContactPersonDeleted(tx, deletion.ref, true, caller.subject);
    RecordResourceHistory(tx, deleted, kDeleted, caller.subject);
    common::bus::EnqueueEvent(tx, events::v1::kContactPersonDeleted, deleted.name(),
                              ContactPersonDeletedEvent(deleted));
    return deleted;
  });
}

v1::ContactPerson UndeleteContactPerson(common::db::Pool& pool, const Principal& caller,
                                        const ContactPersonRef& ref) {
  return pool.InTransaction([&](pqxx::work& tx) {
    v1::ContactPerson current = LockPersonForEdit(tx, caller, ref, "");
    if (!current.has_delete_time()) {
      throw common::PreconditionError("CONTACT_PERSON_NOT_DELETED",
                                      "the contact person " + current.name() + " is not deleted");
    }
    v1::ContactPerson restored = SetContactPersonDeleted(tx, ref, false, caller.subject);
    RecordResourceHistory(tx, restored, kUndeleted, caller.subject);
    common::bus::EnqueueEvent(tx, events::v1::kContactPersonUndeleted, restored.name(),
                              ContactPersonUndeletedEvent(restored));
    return restored;
  });
}

}  // namespace crm::registry::app
