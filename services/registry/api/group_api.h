#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "services/registry/domain/group_rules.h"

namespace crm::registry {

// crm.registry.v1.GroupService: shared and personal client groups and their members.
class GroupApi final : public v1::GroupService::Service {
 public:
  GroupApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CreateGroup(grpc::ServerContext* context, const v1::CreateGroupRequest* request,
                           v1::Group* response) override;
  grpc::Status GetGroup(grpc::ServerContext* context, const v1::GetGroupRequest* request,
                        v1::Group* response) override;
  grpc::Status UpdateGroup(grpc::ServerContext* context, const v1::UpdateGroupRequest* request,
                           v1::Group* response) override;
  grpc::Status DeleteGroup(grpc::ServerContext* context, const v1::DeleteGroupRequest* request,
                           v1::Group* response) override;
  grpc::Status ListGroups(grpc::ServerContext* context, const v1::ListGroupsRequest* request,
                          v1::ListGroupsResponse* response) override;
  grpc::Status AddGroupMembers(grpc::ServerContext* context,
                               const v1::AddGroupMembersRequest* request,
                               v1::ChangeGroupMembersResponse* response) override;
  grpc::Status RemoveGroupMembers(grpc::ServerContext* context,
                                  const v1::RemoveGroupMembersRequest* request,
                                  v1::ChangeGroupMembersResponse* response) override;
  grpc::Status ListGroupMembers(grpc::ServerContext* context,
                                const v1::ListGroupMembersRequest* request,
                                v1::ListGroupMembersResponse* response) override;
  grpc::Status ListClientGroups(grpc::ServerContext* context,
                                const v1::ListClientGroupsRequest* request,
                                v1::ListClientGroupsResponse* response) override;

  grpc::Status AddGroupMembersByFilter(grpc::ServerContext* context,
                                       const v1::AddGroupMembersByFilterRequest* request,
                                       v1::ChangeGroupMembersByFilterResponse* response) override;
  grpc::Status RemoveGroupMembersByFilter(
      grpc::ServerContext* context, const v1::RemoveGroupMembersByFilterRequest* request,
      v1::ChangeGroupMembersByFilterResponse* response) override;

  grpc::Status ProposeGroupMembership(grpc::ServerContext* context,
                                      const v1::ProposeGroupMembershipRequest* request,
                                      v1::GroupMembershipProposal* response) override;
  grpc::Status GetGroupMembershipProposal(grpc::ServerContext* context,
                                          const v1::GetGroupMembershipProposalRequest* request,
                                          v1::GroupMembershipProposal* response) override;
  grpc::Status ListGroupMembershipProposals(
      grpc::ServerContext* context, const v1::ListGroupMembershipProposalsRequest* request,
      v1::ListGroupMembershipProposalsResponse* response) override;
  grpc::Status AcceptGroupMembershipProposal(
      grpc::ServerContext* context, const v1::AcceptGroupMembershipProposalRequest* request,
      v1::GroupMembershipProposal* response) override;
  grpc::Status RejectGroupMembershipProposal(
      grpc::ServerContext* context, const v1::RejectGroupMembershipProposalRequest* request,
      v1::GroupMembershipProposal* response) override;

 private:
  v1::ChangeGroupMembersByFilterResponse ChangeMembersByFilter(
      const common::auth::Principal& caller, const std::string& group_name,
      const MemberFilterChange& change, bool add);

  v1::ChangeGroupMembersResponse ChangeMembers(const common::auth::Principal& caller,
                                               const std::string& group_name,
                                               const MemberChange& change, bool add);

  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
