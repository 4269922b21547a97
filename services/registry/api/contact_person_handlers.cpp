// RegistryApi: reading, editing, deleting and undeleting contact persons.
#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/registry_api.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/validation.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"

namespace crm::registry {
namespace {

using app::IsPrimaryContactViolation;
using app::LoadClientResponsibility;
using app::PrimaryContactTaken;
using common::auth::Principal;
using common::auth::Role;

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

grpc::Status RegistryApi::GetContactPerson(grpc::ServerContext* context,
                                           const v1::GetContactPersonRequest* request,
                                           v1::ContactPerson* response) {
  return guard_.Run(context, "GetContactPerson", {}, [&](const Principal&) {
    const ContactPersonRef ref = ValidateContactPersonName(request->name(), "name");
    auto person =
        pool_.Read([&](pqxx::read_transaction& tx) { return FindContactPerson(tx, ref); });
    if (!person) {
      throw common::NotFoundError(request->name());
    }
    *response = *person;
  });
}

grpc::Status RegistryApi::UpdateContactPerson(grpc::ServerContext* context,
                                              const v1::UpdateContactPersonRequest* request,
                                              v1::ContactPerson* response) {
  return guard_.Run(
      context, "UpdateContactPerson", {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst},
      [&](const Principal& caller) {
        const ContactPersonUpdate update = ValidateUpdateContactPerson(*request);
        try {
          *response = pool_.InTransaction([&](pqxx::work& tx) {
            v1::ContactPerson current = LockPersonForEdit(tx, caller, update.ref, update.etag);
            if (current.has_delete_time()) {
              throw common::PreconditionError(
                  "CONTACT_PERSON_DELETED",
                  "the contact person " + current.name() + " is deleted; undelete it first");
            }
            v1::ContactPerson target =
                ApplyContactPersonUpdate(current, request->contact_person(), update.paths);
            v1::ContactPerson updated =
                UpdateContactPersonRecord(tx, update.ref, target, caller.subject);
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
      });
}

grpc::Status RegistryApi::DeleteContactPerson(grpc::ServerContext* context,
                                              const v1::DeleteContactPersonRequest* request,
                                              v1::ContactPerson* response) {
  return guard_.Run(
      context, "DeleteContactPerson", {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst},
      [&](const Principal& caller) {
        const ContactPersonDeletion deletion = ValidateDeleteContactPerson(*request);
        *response = pool_.InTransaction([&](pqxx::work& tx) {
          v1::ContactPerson current = LockPersonForEdit(tx, caller, deletion.ref, deletion.etag);
          if (current.has_delete_time()) {
            throw common::PreconditionError(
                "CONTACT_PERSON_ALREADY_DELETED",
                "the contact person " + current.name() + " is already deleted");
          }
          v1::ContactPerson deleted =
              SetContactPersonDeleted(tx, deletion.ref, true, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kContactPersonDeleted, deleted.name(),
                                    ContactPersonDeletedEvent(deleted));
          return deleted;
        });
      });
}

grpc::Status RegistryApi::UndeleteContactPerson(grpc::ServerContext* context,
                                                const v1::UndeleteContactPersonRequest* request,
                                                v1::ContactPerson* response) {
  return guard_.Run(
      context, "UndeleteContactPerson", {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst},
      [&](const Principal& caller) {
        const ContactPersonRef ref = ValidateContactPersonName(request->name(), "name");
        *response = pool_.InTransaction([&](pqxx::work& tx) {
          v1::ContactPerson current = LockPersonForEdit(tx, caller, ref, "");
          if (!current.has_delete_time()) {
            throw common::PreconditionError(
                "CONTACT_PERSON_NOT_DELETED",
                "the contact person " + current.name() + " is not deleted");
          }
          v1::ContactPerson restored = SetContactPersonDeleted(tx, ref, false, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kContactPersonUndeleted, restored.name(),
                                    ContactPersonUndeletedEvent(restored));
          return restored;
        });
      });
}

}  // namespace crm::registry
