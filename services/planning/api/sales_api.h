#pragma once

#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/api/planning_api.h"

// crm.planning.v1.SaleService: amending and cancelling a sale recorded by a contact result, a
// head of sales' approval of a discount beyond the edition's limit, and the sale's history.
namespace crm::planning {

class SalesApi final : public v1::SaleService::Service, private ApiParts {
 public:
  SalesApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
           PlanningApi::Clock clock = app::SystemClock());

  grpc::Status AmendSale(grpc::ServerContext* context, const v1::AmendSaleRequest* request,
                         v1::Sale* response) override;
  grpc::Status CancelSale(grpc::ServerContext* context, const v1::CancelSaleRequest* request,
                          v1::Sale* response) override;
  grpc::Status ApproveSale(grpc::ServerContext* context, const v1::ApproveSaleRequest* request,
                           v1::Sale* response) override;
  grpc::Status RejectSale(grpc::ServerContext* context, const v1::RejectSaleRequest* request,
                          v1::Sale* response) override;
  grpc::Status ListSaleHistory(grpc::ServerContext* context,
                               const v1::ListSaleHistoryRequest* request,
                               v1::ListSaleHistoryResponse* response) override;
};

}  // namespace crm::planning
