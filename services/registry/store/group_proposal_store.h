#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/group_proposal_rules.h"
#include "services/registry/store/page.h"

// Proposals of group membership, inside the caller's transaction; `actor` is the principal
// subject recorded as proposer or decider.
namespace crm::registry {

v1::GroupMembershipProposal InsertGroupProposal(pqxx::transaction_base& tx, const std::string& id,
                                                const NewGroupProposal& proposal,
                                                const std::string& proposer);
std::optional<v1::GroupMembershipProposal> FindGroupProposal(pqxx::transaction_base& tx,
                                                             const std::string& id);
std::optional<v1::GroupMembershipProposal> LockGroupProposal(pqxx::transaction_base& tx,
                                                             const std::string& id);
// The name of the pending proposal of `client_id` for `group_id`, if there is one.
std::optional<std::string> FindPendingGroupProposal(pqxx::transaction_base& tx,
                                                    const std::string& group_id,
                                                    const std::string& client_id);
// Records the decision: `state` accepted or rejected, by `decider`, with `reason` ('' unless
// rejected).
v1::GroupMembershipProposal DecideGroupProposal(pqxx::transaction_base& tx, const std::string& id,
                                                v1::GroupMembershipProposalState state,
                                                const std::string& decider,
                                                const std::string& reason);
Page<v1::GroupMembershipProposal> ListGroupProposals(pqxx::transaction_base& tx,
                                                     const GroupProposalList& list);

bool IsGroupMember(pqxx::transaction_base& tx, const std::string& group_id,
                   const std::string& client_id);

}  // namespace crm::registry
