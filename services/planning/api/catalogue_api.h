#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/catalogues.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/api/planning_api.h"

// crm.planning.v1.CatalogueService: the refusal reason catalogues. Everyone signed in reads
// them (managers pick reasons); only admins change them.
namespace crm::planning {

class CatalogueApi final : public v1::CatalogueService::Service, private ApiParts {
 public:
  CatalogueApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
               PlanningApi::Clock clock = app::SystemClock());

  grpc::Status CreateRefusalReason(grpc::ServerContext* context,
                                   const v1::CreateRefusalReasonRequest* request,
                                   v1::RefusalReasonEntry* response) override;
  grpc::Status GetRefusalReason(grpc::ServerContext* context,
                                const v1::GetRefusalReasonRequest* request,
                                v1::RefusalReasonEntry* response) override;
  grpc::Status ListRefusalReasons(grpc::ServerContext* context,
                                  const v1::ListRefusalReasonsRequest* request,
                                  v1::ListRefusalReasonsResponse* response) override;
  grpc::Status UpdateRefusalReason(grpc::ServerContext* context,
                                   const v1::UpdateRefusalReasonRequest* request,
                                   v1::RefusalReasonEntry* response) override;
  grpc::Status DeactivateRefusalReason(grpc::ServerContext* context,
                                       const v1::DeactivateRefusalReasonRequest* request,
                                       v1::RefusalReasonEntry* response) override;
  grpc::Status ReactivateRefusalReason(grpc::ServerContext* context,
                                       const v1::ReactivateRefusalReasonRequest* request,
                                       v1::RefusalReasonEntry* response) override;

 private:
  grpc::Status SetActive(grpc::ServerContext* context, const std::string& name,
                         const std::string& etag, bool active, v1::RefusalReasonEntry* response);
};

}  // namespace crm::planning
