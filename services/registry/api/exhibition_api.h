#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/exhibitions.grpc.pb.h"

namespace crm::registry {

// crm.registry.v1.ExhibitionService: editing projects and editions, competitors' exhibitions
// and clients' participation.
class ExhibitionApi final : public v1::ExhibitionService::Service {
 public:
  ExhibitionApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetProject(grpc::ServerContext* context, const v1::GetProjectRequest* request,
                          v1::Project* response) override;
  grpc::Status UpdateProject(grpc::ServerContext* context, const v1::UpdateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status GetEdition(grpc::ServerContext* context, const v1::GetEditionRequest* request,
                          v1::Edition* response) override;
  grpc::Status UpdateEdition(grpc::ServerContext* context, const v1::UpdateEditionRequest* request,
                             v1::Edition* response) override;
  grpc::Status CreateCompetitorExhibition(grpc::ServerContext* context,
                                          const v1::CreateCompetitorExhibitionRequest* request,
                                          v1::CompetitorExhibition* response) override;
  grpc::Status GetCompetitorExhibition(grpc::ServerContext* context,
                                       const v1::GetCompetitorExhibitionRequest* request,
                                       v1::CompetitorExhibition* response) override;
  grpc::Status UpdateCompetitorExhibition(grpc::ServerContext* context,
                                          const v1::UpdateCompetitorExhibitionRequest* request,
                                          v1::CompetitorExhibition* response) override;
  grpc::Status ListCompetitorExhibitions(grpc::ServerContext* context,
                                         const v1::ListCompetitorExhibitionsRequest* request,
                                         v1::ListCompetitorExhibitionsResponse* response) override;
  grpc::Status CreateParticipation(grpc::ServerContext* context,
                                   const v1::CreateParticipationRequest* request,
                                   v1::Participation* response) override;
  grpc::Status DeleteParticipation(grpc::ServerContext* context,
                                   const v1::DeleteParticipationRequest* request,
                                   v1::Participation* response) override;
  grpc::Status ListParticipations(grpc::ServerContext* context,
                                  const v1::ListParticipationsRequest* request,
                                  v1::ListParticipationsResponse* response) override;

  grpc::Status SetProjectTargetGroups(grpc::ServerContext* context,
                                      const v1::SetProjectTargetGroupsRequest* request,
                                      v1::SetProjectTargetGroupsResponse* response) override;
  grpc::Status ListProjectTargetGroups(grpc::ServerContext* context,
                                       const v1::ListProjectTargetGroupsRequest* request,
                                       v1::ListProjectTargetGroupsResponse* response) override;
  grpc::Status ListProjectClients(grpc::ServerContext* context,
                                  const v1::ListProjectClientsRequest* request,
                                  v1::ListProjectClientsResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
