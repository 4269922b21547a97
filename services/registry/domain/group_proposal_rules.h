#pragma once

#include <string>
#include <string_view>

#include "common/api/enum_text.h"
#include "common/auth/auth.h"
#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/list_window.h"

// Proposals of group membership: sales (managers and heads of sales) propose a client for a
// shared group with what they know; analysts (and admins) accept or reject. Input checks throw
// common::ValidationError with the request's field paths; the access rule denies every role it
// does not name.
namespace crm::registry {

// The stored text of a proposal's state: "pending", "accepted", "rejected".
using GroupProposalStateText =
    common::api::EnumText<v1::GroupMembershipProposalState, common::api::TextCase::kLower>;

struct NewGroupProposal {
  std::string group_id;
  std::string client_id;
  std::string comment;  // trimmed
  std::string request_id;
};
NewGroupProposal ValidateProposeGroupMembership(const v1::ProposeGroupMembershipRequest& request);

// "groupProposals/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateGroupProposalName(std::string_view name, const char* field);

// An analyst's decision on the proposal `id`, read at `etag`; `reason` only for a rejection.
struct GroupProposalDecision {
  std::string id;
  std::string etag;
  std::string reason;  // trimmed
};
GroupProposalDecision ValidateAcceptGroupMembershipProposal(
    const v1::AcceptGroupMembershipProposalRequest& request);
GroupProposalDecision ValidateRejectGroupMembershipProposal(
    const v1::RejectGroupMembershipProposalRequest& request);

struct GroupProposalList {
  std::string state;     // "" for every state
  std::string group_id;  // "" for every group
  std::string proposer;  // "employees/{uuid}" in canonical case; "" for everyone's
  ListWindow window;
};
GroupProposalList ValidateListGroupMembershipProposals(
    const v1::ListGroupMembershipProposalsRequest& request, std::string_view caller);

// The proposer or decider recorded for `caller`: "employees/{uuid}" in canonical lower case (the
// token's subject as it is when it names no employee).
std::string StaffNameOf(const common::auth::Principal& caller);

// Heads of sales and managers propose (admins pass every check); nobody else.
void CheckMayProposeGroupMembership(const common::auth::Principal& caller);
// Analysts and admins accept and reject; nobody else.
void CheckMayDecideGroupProposals(const common::auth::Principal& caller);
// Analysts and admins read every proposal; sales staff their own; nobody else any.
bool MaySeeGroupProposal(const v1::GroupMembershipProposal& proposal,
                         const common::auth::Principal& caller);
// `list` narrowed to what `caller` may read: analysts and admins as asked, sales staff their own
// proposals only. Throws common::PermissionError for anyone else, and for sales staff naming
// another proposer.
GroupProposalList ScopeGroupProposalList(GroupProposalList list,
                                         const common::auth::Principal& caller);

// Throws common::PreconditionError PROPOSAL_DECIDED unless `proposal` is still pending.
void CheckGroupProposalPending(const v1::GroupMembershipProposal& proposal);

}  // namespace crm::registry
