#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/stats.grpc.pb.h"

// crm.planning.v1.ContactStatsService: figures of the work with clients.
namespace crm::planning {

class StatsApi final : public v1::ContactStatsService::Service {
 public:
  StatsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetContactStats(grpc::ServerContext* context,
                               const v1::GetContactStatsRequest* request,
                               v1::ContactStats* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::planning
