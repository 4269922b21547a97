#include "services/registry/app/group_membership_proposals.h"

#include <optional>
#include <string>

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/group_members.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/group_proposal_store.h"
#include "services/registry/store/group_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

void ThrowIfPending(pqxx::transaction_base& tx, const NewGroupProposal& input) {
  if (auto existing = FindPendingGroupProposal(tx, input.group_id, input.client_id)) {
    throw common::AlreadyExistsError(
        "the client is proposed for the group already and waits for an analyst", *existing);
  }
}

// The live client `id`: NOT_FOUND when there is none, FAILED_PRECONDITION when deleted or merged.
v1::Client LiveClient(pqxx::transaction_base& tx, const std::string& id) {
  const std::string name = common::ResourceName("clients", id);
  std::optional<v1::Client> client = FindClient(tx, id);
  if (!client) {
    throw common::NotFoundError(name);
  }
  if (client->has_delete_time()) {
    throw common::PreconditionError("CLIENT_DELETED", "the client is deleted or merged", name);
  }
  return *client;
}

// The pending proposal `decision` names, locked, at the etag the analyst read.
v1::GroupMembershipProposal PendingProposal(pqxx::transaction_base& tx, const Principal& caller,
                                            const GroupProposalDecision& decision) {
  CheckMayDecideGroupProposals(caller);
  const std::string name = common::ResourceName("groupProposals", decision.id);
  std::optional<v1::GroupMembershipProposal> proposal = LockGroupProposal(tx, decision.id);
  if (!proposal) {
    throw common::NotFoundError(name);
  }
  CheckGroupProposalPending(*proposal);
  common::api::CheckEtag(name, proposal->etag(), decision.etag);
  return *proposal;
}

}  // namespace

v1::GroupMembershipProposal ProposeGroupMembership(common::db::Pool& pool, const Principal& caller,
                                                   const common::api::IdempotencyKey& key,
                                                   const NewGroupProposal& input) {
  CheckMayProposeGroupMembership(caller);
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        const std::string group_name = common::ResourceName("groups", input.group_id);
        std::optional<v1::Group> group = FindGroup(tx, input.group_id);
        if (!group || group->has_delete_time() || !MaySeeGroup(*group, caller)) {
          throw common::NotFoundError(group_name);
        }
        if (group->personal()) {
          throw common::PreconditionError(
              "GROUP_PERSONAL", "only shared groups take proposals; edit your own group yourself",
              group_name);
        }
        const v1::Client client = LiveClient(tx, input.client_id);
        if (IsGroupMember(tx, input.group_id, input.client_id)) {
          throw common::PreconditionError("ALREADY_MEMBER", "the client is in the group already",
                                          client.name());
        }
        ThrowIfPending(tx, input);
        v1::GroupMembershipProposal created =
            InsertGroupProposal(tx, common::NewUuid(), input, StaffNameOf(caller));
        common::bus::EnqueueEvent(tx, events::v1::kGroupProposalCreated, created.name(),
                                  GroupProposalCreatedEvent(created));
        return created;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        return common::api::Found(
            FindGroupProposal(tx, common::ParseResourceId(name, "groupProposals").value()), name);
      },
      // Two proposals of the same client for the same group raced: the loser names the winner.
      [&](pqxx::transaction_base& tx) { ThrowIfPending(tx, input); });
}

v1::GroupMembershipProposal AcceptGroupMembershipProposal(common::db::Pool& pool,
                                                          const Principal& caller,
                                                          const GroupProposalDecision& decision) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const v1::GroupMembershipProposal proposal = PendingProposal(tx, caller, decision);
    const std::string group_id = common::ParseResourceId(proposal.group(), "groups").value();
    const std::string client_id = common::ParseResourceId(proposal.client(), "clients").value();
    // Locked like AddGroupMembers locks it, so member counts follow one another.
    std::optional<v1::Group> group = LockGroup(tx, group_id);
    if (!group || group->has_delete_time()) {
      throw common::PreconditionError("GROUP_DELETED", "the group has been deleted since",
                                      proposal.group());
    }
    LiveClient(tx, client_id);
    const v1::ChangeGroupMembersResponse added =
        ChangeGroupMembers(tx, *group, {client_id}, true, caller.subject);
    v1::GroupMembershipProposal accepted = DecideGroupProposal(
        tx, decision.id, v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_ACCEPTED, StaffNameOf(caller), "");
    common::bus::EnqueueEvent(tx, events::v1::kGroupProposalAccepted, accepted.name(),
                              GroupProposalAcceptedEvent(accepted, added.member_count()));
    return accepted;
  });
}

v1::GroupMembershipProposal RejectGroupMembershipProposal(common::db::Pool& pool,
                                                          const Principal& caller,
                                                          const GroupProposalDecision& decision) {
  return pool.InTransaction([&](pqxx::work& tx) {
    PendingProposal(tx, caller, decision);
    v1::GroupMembershipProposal rejected =
        DecideGroupProposal(tx, decision.id, v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_REJECTED,
                            StaffNameOf(caller), decision.reason);
    common::bus::EnqueueEvent(tx, events::v1::kGroupProposalRejected, rejected.name(),
                              GroupProposalRejectedEvent(rejected));
    return rejected;
  });
}

}  // namespace crm::registry::app
