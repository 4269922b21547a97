// RegistryApi: the history of contact persons, projects, editions and groups with field-level
// differences, and restoring a version (app/resource_history.h).
#include "services/registry/api/registry_api.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/resource_history.h"

namespace crm::registry {

using common::auth::Principal;

grpc::Status RegistryApi::ListResourceHistory(grpc::ServerContext* context,
                                              const v1::ListResourceHistoryRequest* request,
                                              v1::ListResourceHistoryResponse* response) {
  // Every CRM role reaches the RPC; who reads which kind is the use case's rule.
  return guard_.Run(context, [&](const Principal& caller) {
    const ResourceHistoryList list = ValidateListResourceHistory(*request, caller.subject);
    *response = app::ListResourceHistory(pool_, caller, list, request->name());
  });
}

grpc::Status RegistryApi::RestoreResourceVersion(grpc::ServerContext* context,
                                                 const v1::RestoreResourceVersionRequest* request,
                                                 v1::RestoreResourceVersionResponse* response) {
  // Every CRM role reaches the RPC; the update use case of the resource's kind decides.
  return guard_.Run(context, [&](const Principal& caller) {
    const ResourceRestore restore = ValidateRestoreResourceVersion(*request);
    *response->mutable_resource() =
        app::RestoreResourceVersion(pool_, caller, restore, request->name());
  });
}

}  // namespace crm::registry
