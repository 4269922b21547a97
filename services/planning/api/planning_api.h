#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "services/planning/api/api_parts.h"
#include "services/planning/app/clock.h"

// crm.planning.v1.PlanningService: the managers' contacts, their results and the sales they
// record. Every write is one transaction that also enqueues its events in the outbox.
namespace crm::planning {

class PlanningApi final : public v1::PlanningService::Service, private ApiParts {
 public:
  using Clock = app::Clock;

  PlanningApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
              Clock clock = app::SystemClock());

  grpc::Status PlanContact(grpc::ServerContext* context, const v1::PlanContactRequest* request,
                           v1::Contact* response) override;
  grpc::Status GetContact(grpc::ServerContext* context, const v1::GetContactRequest* request,
                          v1::Contact* response) override;
  grpc::Status ListContacts(grpc::ServerContext* context, const v1::ListContactsRequest* request,
                            v1::ListContactsResponse* response) override;
  grpc::Status CompleteContact(grpc::ServerContext* context,
                               const v1::CompleteContactRequest* request,
                               v1::CompleteContactResponse* response) override;
  grpc::Status GetSale(grpc::ServerContext* context, const v1::GetSaleRequest* request,
                       v1::Sale* response) override;
  grpc::Status ListSales(grpc::ServerContext* context, const v1::ListSalesRequest* request,
                         v1::ListSalesResponse* response) override;
};

}  // namespace crm::planning
