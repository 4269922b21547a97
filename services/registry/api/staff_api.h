#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/staff.grpc.pb.h"

namespace crm::registry {

// crm.registry.v1.StaffService: employees' directory entries and roles, curators and the
// reassignment of a departing employee's clients.
class StaffApi final : public v1::StaffService::Service {
 public:
  StaffApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetEmployee(grpc::ServerContext* context, const v1::GetEmployeeRequest* request,
                           v1::Employee* response) override;
  grpc::Status UpdateEmployee(grpc::ServerContext* context,
                              const v1::UpdateEmployeeRequest* request,
                              v1::Employee* response) override;
  grpc::Status AssignCurator(grpc::ServerContext* context, const v1::AssignCuratorRequest* request,
                             v1::Curator* response) override;
  grpc::Status EndCuratorship(grpc::ServerContext* context,
                              const v1::EndCuratorshipRequest* request,
                              v1::Curator* response) override;
  grpc::Status ListCurators(grpc::ServerContext* context, const v1::ListCuratorsRequest* request,
                            v1::ListCuratorsResponse* response) override;
  grpc::Status ListCuratorshipsOfEmployee(
      grpc::ServerContext* context, const v1::ListCuratorshipsOfEmployeeRequest* request,
      v1::ListCuratorshipsOfEmployeeResponse* response) override;
  grpc::Status ReassignCurators(grpc::ServerContext* context,
                                const v1::ReassignCuratorsRequest* request,
                                v1::ReassignCuratorsResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
