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

  // Departments and project teams (staff_org_handlers.cpp).
  grpc::Status CreateDepartment(grpc::ServerContext* context,
                                const v1::CreateDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status GetDepartment(grpc::ServerContext* context, const v1::GetDepartmentRequest* request,
                             v1::Department* response) override;
  grpc::Status UpdateDepartment(grpc::ServerContext* context,
                                const v1::UpdateDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status DeleteDepartment(grpc::ServerContext* context,
                                const v1::DeleteDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status ListDepartments(grpc::ServerContext* context,
                               const v1::ListDepartmentsRequest* request,
                               v1::ListDepartmentsResponse* response) override;
  grpc::Status SetEmployeeDepartment(grpc::ServerContext* context,
                                     const v1::SetEmployeeDepartmentRequest* request,
                                     v1::Employee* response) override;
  grpc::Status ListDepartmentMembers(grpc::ServerContext* context,
                                     const v1::ListDepartmentMembersRequest* request,
                                     v1::ListDepartmentMembersResponse* response) override;
  grpc::Status SetProjectTeamMember(grpc::ServerContext* context,
                                    const v1::SetProjectTeamMemberRequest* request,
                                    v1::ProjectTeamMember* response) override;
  grpc::Status RemoveProjectTeamMember(grpc::ServerContext* context,
                                       const v1::RemoveProjectTeamMemberRequest* request,
                                       v1::ProjectTeamMember* response) override;
  grpc::Status ListProjectTeamMembers(grpc::ServerContext* context,
                                      const v1::ListProjectTeamMembersRequest* request,
                                      v1::ListProjectTeamMembersResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
