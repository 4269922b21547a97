#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/registry.grpc.pb.h"

namespace crm::registry {

// crm.registry.v1.RegistryService: validation in domain/, SQL in store/, one transaction per
// write with its event in the outbox. Contact-person and client-history handlers live in
// contact_person_handlers.cpp and client_history_handlers.cpp.
class RegistryApi final : public v1::RegistryService::Service {
 public:
  RegistryApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CreateClient(grpc::ServerContext* context, const v1::CreateClientRequest* request,
                            v1::Client* response) override;
  grpc::Status GetClient(grpc::ServerContext* context, const v1::GetClientRequest* request,
                         v1::Client* response) override;
  grpc::Status SearchClients(grpc::ServerContext* context, const v1::SearchClientsRequest* request,
                             v1::SearchClientsResponse* response) override;
  grpc::Status UpdateClient(grpc::ServerContext* context, const v1::UpdateClientRequest* request,
                            v1::Client* response) override;
  grpc::Status DeleteClient(grpc::ServerContext* context, const v1::DeleteClientRequest* request,
                            v1::Client* response) override;
  grpc::Status UndeleteClient(grpc::ServerContext* context,
                              const v1::UndeleteClientRequest* request,
                              v1::Client* response) override;
  grpc::Status CreateContactPerson(grpc::ServerContext* context,
                                   const v1::CreateContactPersonRequest* request,
                                   v1::ContactPerson* response) override;
  grpc::Status ListContactPersons(grpc::ServerContext* context,
                                  const v1::ListContactPersonsRequest* request,
                                  v1::ListContactPersonsResponse* response) override;
  grpc::Status GetContactPerson(grpc::ServerContext* context,
                                const v1::GetContactPersonRequest* request,
                                v1::ContactPerson* response) override;
  grpc::Status UpdateContactPerson(grpc::ServerContext* context,
                                   const v1::UpdateContactPersonRequest* request,
                                   v1::ContactPerson* response) override;
  grpc::Status DeleteContactPerson(grpc::ServerContext* context,
                                   const v1::DeleteContactPersonRequest* request,
                                   v1::ContactPerson* response) override;
  grpc::Status UndeleteContactPerson(grpc::ServerContext* context,
                                     const v1::UndeleteContactPersonRequest* request,
                                     v1::ContactPerson* response) override;
  grpc::Status ListClientHistory(grpc::ServerContext* context,
                                 const v1::ListClientHistoryRequest* request,
                                 v1::ListClientHistoryResponse* response) override;
  grpc::Status RestoreClientVersion(grpc::ServerContext* context,
                                    const v1::RestoreClientVersionRequest* request,
                                    v1::Client* response) override;
  grpc::Status ListResourceHistory(grpc::ServerContext* context,
                                   const v1::ListResourceHistoryRequest* request,
                                   v1::ListResourceHistoryResponse* response) override;
  grpc::Status RestoreResourceVersion(grpc::ServerContext* context,
                                      const v1::RestoreResourceVersionRequest* request,
                                      v1::RestoreResourceVersionResponse* response) override;
  grpc::Status CreateProject(grpc::ServerContext* context, const v1::CreateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status CreateEdition(grpc::ServerContext* context, const v1::CreateEditionRequest* request,
                             v1::Edition* response) override;
  grpc::Status ListEditions(grpc::ServerContext* context, const v1::ListEditionsRequest* request,
                            v1::ListEditionsResponse* response) override;
  grpc::Status CreateEmployee(grpc::ServerContext* context,
                              const v1::CreateEmployeeRequest* request,
                              v1::Employee* response) override;
  grpc::Status ListEmployees(grpc::ServerContext* context, const v1::ListEmployeesRequest* request,
                             v1::ListEmployeesResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
