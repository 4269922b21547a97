#include "services/registry/domain/group_proposal_rules.h"

#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/quality_validation.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

using common::Violations;
using common::auth::Principal;
using common::auth::Role;

constexpr char kProposals[] = "groupProposals";

// Analysts keep the shared groups; admins pass every check.
bool DecidesGroupProposals(const Principal& caller) {
  return caller.HasAny({Role::kAnalyst, Role::kAdmin});
}

bool ProposesGroupMembership(const Principal& caller) {
  return caller.HasAny({Role::kSalesManager, Role::kSalesHead, Role::kAdmin});
}

GroupProposalDecision ReadDecision(Violations& v, std::string_view name, const std::string& etag) {
  GroupProposalDecision decision;
  if (auto id = ReadResourceId(v, "name", name, kProposals)) {
    decision.id = *id;
  }
  common::api::RequireEtag(v, "etag", etag);
  decision.etag = etag;
  return decision;
}

}  // namespace

NewGroupProposal ValidateProposeGroupMembership(const v1::ProposeGroupMembershipRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_proposal()) {
    v.Add("proposal", "is required");
    v.ThrowIfAny();
  }
  const v1::GroupMembershipProposal& in = request.proposal();
  NewGroupProposal proposal;
  proposal.request_id = request.request_id();
  if (auto id = ReadResourceId(v, "proposal.group", in.group(), "groups")) {
    proposal.group_id = *id;
  }
  if (auto id = ReadResourceId(v, "proposal.client", in.client(), "clients")) {
    proposal.client_id = *id;
  }
  proposal.comment = in.comment();
  v.AddIf("proposal.comment", CheckText(proposal.comment, {.required = true,
                                                           .max_characters = kCommentMaxCharacters,
                                                           .line_breaks = true}));
  v.ThrowIfAny();
  return proposal;
}

std::string ValidateGroupProposalName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, kProposals);
}

GroupProposalDecision ValidateAcceptGroupMembershipProposal(
    const v1::AcceptGroupMembershipProposalRequest& request) {
  Violations v;
  GroupProposalDecision decision = ReadDecision(v, request.name(), request.etag());
  v.ThrowIfAny();
  return decision;
}

GroupProposalDecision ValidateRejectGroupMembershipProposal(
    const v1::RejectGroupMembershipProposalRequest& request) {
  Violations v;
  GroupProposalDecision decision = ReadDecision(v, request.name(), request.etag());
  decision.reason = request.reason();
  v.AddIf("reason", CheckText(decision.reason, {.required = true,
                                                .max_characters = kCommentMaxCharacters,
                                                .line_breaks = true}));
  v.ThrowIfAny();
  return decision;
}

GroupProposalList ValidateListGroupMembershipProposals(
    const v1::ListGroupMembershipProposalsRequest& request, std::string_view caller) {
  Violations v;
  GroupProposalList list;
  if (request.state() != v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_UNSPECIFIED) {
    if (common::api::IsSpecified(request.state())) {
      list.state = GroupProposalStateText::Of(request.state());
    } else {
      v.Add("state", "must be a proposal state or unspecified");
    }
  }
  if (auto id = ReadResourceId(v, "group", request.group(), "groups", false)) {
    list.group_id = *id;
  }
  if (!request.proposer().empty()) {
    if (auto id = common::auth::EmployeeIdOf(request.proposer())) {
      list.proposer = common::ResourceName("employees", *id);
    } else {
      v.Add("proposer", "must be a resource name like employees/{uuid}");
    }
  }
  list.window = ReadListWindow(request, caller, v);
  v.ThrowIfAny();
  return list;
}

std::string StaffNameOf(const Principal& caller) {
  auto id = common::auth::EmployeeIdOf(caller.subject);
  return id ? common::ResourceName("employees", *id) : caller.subject;
}

void CheckMayProposeGroupMembership(const Principal& caller) {
  if (!ProposesGroupMembership(caller)) {
    throw common::PermissionError(
        "only sales managers and heads of sales propose clients for groups");
  }
}

void CheckMayDecideGroupProposals(const Principal& caller) {
  if (!DecidesGroupProposals(caller)) {
    throw common::PermissionError("only analysts accept or reject group membership proposals");
  }
}

bool MaySeeGroupProposal(const v1::GroupMembershipProposal& proposal, const Principal& caller) {
  if (DecidesGroupProposals(caller)) {
    return true;
  }
  return ProposesGroupMembership(caller) && proposal.proposer() == StaffNameOf(caller);
}

GroupProposalList ScopeGroupProposalList(GroupProposalList list, const Principal& caller) {
  if (DecidesGroupProposals(caller)) {
    return list;
  }
  if (!ProposesGroupMembership(caller)) {
    throw common::PermissionError("group membership proposals are read by analysts and sales");
  }
  const std::string own = StaffNameOf(caller);
  if (!list.proposer.empty() && list.proposer != own) {
    throw common::PermissionError("sales staff see only their own group membership proposals");
  }
  list.proposer = own;
  return list;
}

void CheckGroupProposalPending(const v1::GroupMembershipProposal& proposal) {
  if (proposal.state() != v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING) {
    throw common::PreconditionError(
        "PROPOSAL_DECIDED",
        "the proposal was " + GroupProposalStateText::Of(proposal.state()) + " already",
        proposal.name());
  }
}

}  // namespace crm::registry
