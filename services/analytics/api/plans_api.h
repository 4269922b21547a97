#pragma once

#include <string>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/analytics/v1/plans.grpc.pb.h"

namespace crm::analytics {

// Sales plans per edition, department and manager, and plan against fact
// (services/analytics/README.md, "Sales plans"). Months are those of `time_zone`, the company's
// (CRM_TIME_ZONE).
class SalesPlanApi final : public crm::analytics::v1::SalesPlanService::Service {
 public:
  SalesPlanApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, std::string time_zone);

  grpc::Status GetSalesPlan(grpc::ServerContext* context,
                            const crm::analytics::v1::GetSalesPlanRequest* request,
                            crm::analytics::v1::SalesPlan* response) override;
  grpc::Status SetSalesPlanCells(grpc::ServerContext* context,
                                 const crm::analytics::v1::SetSalesPlanCellsRequest* request,
                                 crm::analytics::v1::SalesPlan* response) override;
  grpc::Status ImportSalesPlan(grpc::ServerContext* context,
                               const crm::analytics::v1::ImportSalesPlanRequest* request,
                               crm::analytics::v1::SalesPlan* response) override;
  grpc::Status GetPlanVsFact(grpc::ServerContext* context,
                             const crm::analytics::v1::GetPlanVsFactRequest* request,
                             crm::analytics::v1::PlanVsFact* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
  std::string time_zone_;
};

}  // namespace crm::analytics
