#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/api/planning_api.h"

// crm.planning.v1.StandService: an edition's stand inventory, the sales board and the sales
// policy. Everyone with a sales role reads; heads of sales and admins keep the floor plan and the
// policy; managers and heads hold and release.
namespace crm::planning {

class StandApi final : public v1::StandService::Service, private ApiParts {
 public:
  StandApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
           PlanningApi::Clock clock = app::SystemClock());

  grpc::Status ImportStands(grpc::ServerContext* context, const v1::ImportStandsRequest* request,
                            v1::ImportStandsResponse* response) override;
  grpc::Status ListStands(grpc::ServerContext* context, const v1::ListStandsRequest* request,
                          v1::ListStandsResponse* response) override;
  grpc::Status GetStand(grpc::ServerContext* context, const v1::GetStandRequest* request,
                        v1::Stand* response) override;
  grpc::Status UpdateStand(grpc::ServerContext* context, const v1::UpdateStandRequest* request,
                           v1::Stand* response) override;
  grpc::Status BlockStand(grpc::ServerContext* context, const v1::BlockStandRequest* request,
                          v1::Stand* response) override;
  grpc::Status UnblockStand(grpc::ServerContext* context, const v1::UnblockStandRequest* request,
                            v1::Stand* response) override;
  grpc::Status HoldStand(grpc::ServerContext* context, const v1::HoldStandRequest* request,
                         v1::Stand* response) override;
  grpc::Status ReleaseStand(grpc::ServerContext* context, const v1::ReleaseStandRequest* request,
                            v1::Stand* response) override;
  grpc::Status GetSalesBoard(grpc::ServerContext* context, const v1::GetSalesBoardRequest* request,
                             v1::SalesBoard* response) override;
  grpc::Status GetSalesPolicy(grpc::ServerContext* context,
                              const v1::GetSalesPolicyRequest* request,
                              v1::SalesPolicy* response) override;
  grpc::Status UpdateSalesPolicy(grpc::ServerContext* context,
                                 const v1::UpdateSalesPolicyRequest* request,
                                 v1::SalesPolicy* response) override;
};

}  // namespace crm::planning
