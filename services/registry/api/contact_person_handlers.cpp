// RegistryApi: reading, editing, deleting and undeleting contact persons.
#include "common/api/idempotency.h"
#include "common/core/errors.h"
#include "services/registry/api/registry_api.h"
#include "services/registry/app/contact_persons.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/validation.h"
#include "services/registry/store/client_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

}  // namespace

grpc::Status RegistryApi::GetContactPerson(grpc::ServerContext* context,
                                           const v1::GetContactPersonRequest* request,
                                           v1::ContactPerson* response) {
  return guard_.Run(context, [&](const Principal&) {
    const ContactPersonRef ref = ValidateContactPersonName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindContactPerson(tx, ref); }),
        request->name());
  });
}

grpc::Status RegistryApi::UpdateContactPerson(grpc::ServerContext* context,
                                              const v1::UpdateContactPersonRequest* request,
                                              v1::ContactPerson* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ContactPersonUpdate update = ValidateUpdateContactPerson(*request);
    *response =
        app::UpdateContactPerson(pool_, caller, update, request->contact_person(), app::kUpdated);
  });
}

grpc::Status RegistryApi::DeleteContactPerson(grpc::ServerContext* context,
                                              const v1::DeleteContactPersonRequest* request,
                                              v1::ContactPerson* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ContactPersonDeletion deletion = ValidateDeleteContactPerson(*request);
    *response = app::DeleteContactPerson(pool_, caller, deletion);
  });
}

grpc::Status RegistryApi::UndeleteContactPerson(grpc::ServerContext* context,
                                                const v1::UndeleteContactPersonRequest* request,
                                                v1::ContactPerson* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ContactPersonRef ref = ValidateContactPersonName(request->name(), "name");
    *response = app::UndeleteContactPerson(pool_, caller, ref);
  });
}

}  // namespace crm::registry
