#include "services/registry/api/group_api.h"

#include <optional>
#include <string>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/app/group_edits.h"
#include "services/registry/app/group_members.h"
#include "services/registry/app/group_membership_proposals.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/group_proposal_rules.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/group_proposal_store.h"
#include "services/registry/store/group_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

}  // namespace

GroupApi::GroupApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status GroupApi::CreateGroup(grpc::ServerContext* context,
                                   const v1::CreateGroupRequest* request, v1::Group* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::Group group = ValidateCreateGroup(*request);
    if (!MayCreateGroup(group, caller)) {
      throw common::PermissionError("only analysts create shared groups; keep a personal one");
    }
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateGroup", *request),
        [&](pqxx::work& tx) {
          v1::Group created = InsertGroup(tx, common::NewUuid(), group, caller.subject);
          app::RecordResourceHistory(tx, created, app::kCreated, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kGroupCreated, created.name(),
                                    GroupCreatedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(FindGroup(tx, common::ParseResourceId(name, "groups").value()),
                                    name);
        });
  });
}

grpc::Status GroupApi::GetGroup(grpc::ServerContext* context, const v1::GetGroupRequest* request,
                                v1::Group* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateGroupName(request->name(), "name");
    *response =
        VisibleGroup(pool_.Read([&](pqxx::read_transaction& tx) { return FindGroup(tx, id); }),
                     caller, request->name());
  });
}

grpc::Status GroupApi::UpdateGroup(grpc::ServerContext* context,
                                   const v1::UpdateGroupRequest* request, v1::Group* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const GroupUpdate update = ValidateUpdateGroup(*request);
    *response = app::UpdateGroup(pool_, caller, update, request->group(), app::kUpdated);
  });
}

grpc::Status GroupApi::DeleteGroup(grpc::ServerContext* context,
                                   const v1::DeleteGroupRequest* request, v1::Group* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const GroupDeletion deletion = ValidateDeleteGroup(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::Group current = EditableGroup(LockGroup(tx, deletion.id), caller, request->name());
      common::api::CheckEtag(current.name(), current.etag(), deletion.etag);
      v1::Group deleted = MarkGroupDeleted(tx, deletion.id, caller.subject);
      app::RecordResourceHistory(tx, deleted, app::kDeleted, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kGroupDeleted, deleted.name(),
                                GroupDeletedEvent(deleted));
      return deleted;
    });
  });
}

grpc::Status GroupApi::ListGroups(grpc::ServerContext* context,
                                  const v1::ListGroupsRequest* request,
                                  v1::ListGroupsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const GroupList list = ValidateListGroups(*request, caller.subject);
    auto page = pool_.Read(
        [&](pqxx::read_transaction& tx) { return ListVisibleGroups(tx, list, caller.subject); });
    FillListResponse(page, list.window, response->mutable_groups(),
                     response->mutable_next_page_token());
  });
}

v1::ChangeGroupMembersResponse GroupApi::ChangeMembers(const Principal& caller,
                                                       const std::string& group_name,
                                                       const MemberChange& change, bool add) {
  return pool_.InTransaction([&](pqxx::work& tx) {
    // Locked, so concurrent changes of one group are counted one after the other.
    v1::Group group = EditableGroup(LockGroup(tx, change.group_id), caller, group_name);
    return app::ChangeGroupMembers(tx, group, change.client_ids, add, caller.subject);
  });
}

grpc::Status GroupApi::AddGroupMembers(grpc::ServerContext* context,
                                       const v1::AddGroupMembersRequest* request,
                                       v1::ChangeGroupMembersResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response = ChangeMembers(caller, request->group(), ValidateAddGroupMembers(*request), true);
  });
}

grpc::Status GroupApi::RemoveGroupMembers(grpc::ServerContext* context,
                                          const v1::RemoveGroupMembersRequest* request,
                                          v1::ChangeGroupMembersResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response =
        ChangeMembers(caller, request->group(), ValidateRemoveGroupMembers(*request), false);
  });
}

v1::ChangeGroupMembersByFilterResponse GroupApi::ChangeMembersByFilter(
    const Principal& caller, const std::string& group_name, const MemberFilterChange& change,
    bool add) {
  return pool_.InTransaction([&](pqxx::work& tx) {
    v1::Group group = EditableGroup(LockGroup(tx, change.group_id), caller, group_name);
    CheckClientFilterReferences(tx, change.filter, caller.subject, "filter");
    const FilterMemberChange changed =
        add ? registry::AddGroupMembersByFilter(tx, change.group_id, change.filter, caller.subject)
            : registry::RemoveGroupMembersByFilter(tx, change.group_id, change.filter);
    v1::ChangeGroupMembersByFilterResponse result;
    result.set_changed_count(changed.changed);
    result.set_unchanged_count(add ? changed.matched - changed.changed : 0);
    result.set_member_count(CountGroupMembers(tx, change.group_id, true));
    // A filter may match the whole base: one summary event with a bounded sample, not one entry
    // per client.
    common::bus::EnqueueEvent(
        tx, events::v1::kGroupMembersChangedByFilter, group.name(),
        GroupMembersChangedByFilterEvent(group, add, result.changed_count(), result.member_count(),
                                         changed.sample, caller.subject));
    return result;
  });
}

grpc::Status GroupApi::AddGroupMembersByFilter(grpc::ServerContext* context,
                                               const v1::AddGroupMembersByFilterRequest* request,
                                               v1::ChangeGroupMembersByFilterResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response = ChangeMembersByFilter(caller, request->group(),
                                      ValidateAddGroupMembersByFilter(*request), true);
  });
}

grpc::Status GroupApi::RemoveGroupMembersByFilter(
    grpc::ServerContext* context, const v1::RemoveGroupMembersByFilterRequest* request,
    v1::ChangeGroupMembersByFilterResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response = ChangeMembersByFilter(caller, request->group(),
                                      ValidateRemoveGroupMembersByFilter(*request), false);
  });
}

grpc::Status GroupApi::ListGroupMembers(grpc::ServerContext* context,
                                        const v1::ListGroupMembersRequest* request,
                                        v1::ListGroupMembersResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const MemberList list = ValidateListGroupMembers(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      VisibleGroup(FindGroup(tx, list.group_id), caller, request->group());
      response->set_total_size(
          static_cast<int32_t>(CountGroupMembers(tx, list.group_id, list.show_deleted)));
      return registry::ListGroupMembers(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_members(),
                     response->mutable_next_page_token());
  });
}

grpc::Status GroupApi::ListClientGroups(grpc::ServerContext* context,
                                        const v1::ListClientGroupsRequest* request,
                                        v1::ListClientGroupsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientGroupList list = ValidateListClientGroups(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!ClientExists(tx, list.client_id)) {
        throw common::NotFoundError(request->client());
      }
      return registry::ListClientGroups(tx, list, caller.subject);
    });
    FillListResponse(page, list.window, response->mutable_groups(),
                     response->mutable_next_page_token());
  });
}

grpc::Status GroupApi::ProposeGroupMembership(grpc::ServerContext* context,
                                              const v1::ProposeGroupMembershipRequest* request,
                                              v1::GroupMembershipProposal* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewGroupProposal input = ValidateProposeGroupMembership(*request);
    *response = app::ProposeGroupMembership(
        pool_, caller, common::api::KeyOf(caller.subject, "ProposeGroupMembership", *request),
        input);
  });
}

grpc::Status GroupApi::GetGroupMembershipProposal(
    grpc::ServerContext* context, const v1::GetGroupMembershipProposalRequest* request,
    v1::GroupMembershipProposal* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateGroupProposalName(request->name(), "name");
    auto proposal =
        pool_.Read([&](pqxx::read_transaction& tx) { return FindGroupProposal(tx, id); });
    // Another's proposal does not exist for a member of sales.
    if (!proposal || !MaySeeGroupProposal(*proposal, caller)) {
      throw common::NotFoundError(request->name());
    }
    *response = *proposal;
  });
}

grpc::Status GroupApi::ListGroupMembershipProposals(
    grpc::ServerContext* context, const v1::ListGroupMembershipProposalsRequest* request,
    v1::ListGroupMembershipProposalsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const GroupProposalList list = ScopeGroupProposalList(
        ValidateListGroupMembershipProposals(*request, caller.subject), caller);
    auto page =
        pool_.Read([&](pqxx::read_transaction& tx) { return ListGroupProposals(tx, list); });
    FillListResponse(page, list.window, response->mutable_proposals(),
                     response->mutable_next_page_token());
  });
}

grpc::Status GroupApi::AcceptGroupMembershipProposal(
    grpc::ServerContext* context, const v1::AcceptGroupMembershipProposalRequest* request,
    v1::GroupMembershipProposal* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response = app::AcceptGroupMembershipProposal(pool_, caller,
                                                   ValidateAcceptGroupMembershipProposal(*request));
  });
}

grpc::Status GroupApi::RejectGroupMembershipProposal(
    grpc::ServerContext* context, const v1::RejectGroupMembershipProposalRequest* request,
    v1::GroupMembershipProposal* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response = app::RejectGroupMembershipProposal(pool_, caller,
                                                   ValidateRejectGroupMembershipProposal(*request));
  });
}

}  // namespace crm::registry
