#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/redirects.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/api/planning_api.h"

// crm.planning.v1.RedirectService: client requests handed to another employee or department.
namespace crm::planning {

class RedirectApi final : public v1::RedirectService::Service, private ApiParts {
 public:
  RedirectApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
              PlanningApi::Clock clock = app::SystemClock());

  grpc::Status CreateRedirect(grpc::ServerContext* context,
                              const v1::CreateRedirectRequest* request,
                              v1::Redirect* response) override;
  grpc::Status GetRedirect(grpc::ServerContext* context, const v1::GetRedirectRequest* request,
                           v1::Redirect* response) override;
  grpc::Status ListRedirects(grpc::ServerContext* context, const v1::ListRedirectsRequest* request,
                             v1::ListRedirectsResponse* response) override;
  grpc::Status UpdateRedirectStatus(grpc::ServerContext* context,
                                    const v1::UpdateRedirectStatusRequest* request,
                                    v1::Redirect* response) override;
  grpc::Status ClaimRedirect(grpc::ServerContext* context, const v1::ClaimRedirectRequest* request,
                             v1::Redirect* response) override;
};

}  // namespace crm::planning
