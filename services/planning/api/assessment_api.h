#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/assessments.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/api/planning_api.h"

// crm.planning.v1.AssessmentService: readiness to buy, lead source and ratings of a client.
// Sales managers and heads record them; everyone with a planning role reads them.
namespace crm::planning {

class AssessmentApi final : public v1::AssessmentService::Service, private ApiParts {
 public:
  AssessmentApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                PlanningApi::Clock clock = app::SystemClock());

  grpc::Status SetReadiness(grpc::ServerContext* context, const v1::SetReadinessRequest* request,
                            v1::Readiness* response) override;
  grpc::Status GetReadiness(grpc::ServerContext* context, const v1::GetReadinessRequest* request,
                            v1::Readiness* response) override;
  grpc::Status ListReadinessHistory(grpc::ServerContext* context,
                                    const v1::ListReadinessHistoryRequest* request,
                                    v1::ListReadinessHistoryResponse* response) override;
  grpc::Status SetLeadSource(grpc::ServerContext* context, const v1::SetLeadSourceRequest* request,
                             v1::LeadSource* response) override;
  grpc::Status GetLeadSource(grpc::ServerContext* context, const v1::GetLeadSourceRequest* request,
                             v1::LeadSource* response) override;
  grpc::Status RecordRating(grpc::ServerContext* context, const v1::RecordRatingRequest* request,
                            v1::Rating* response) override;
  grpc::Status ListRatings(grpc::ServerContext* context, const v1::ListRatingsRequest* request,
                           v1::ListRatingsResponse* response) override;
};

}  // namespace crm::planning
