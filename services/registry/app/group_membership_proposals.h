#pragma once

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/groups.pb.h"
#include "services/registry/domain/group_proposal_rules.h"

// Sales propose a client for a shared group; analysts check the information and accept (the
// client joins the group as AddGroupMembers adds it) or reject with a reason. Each is one
// transaction with its event (crm.registry.group_proposal.*) in the outbox; the proposal row
// keeps who proposed and decided, when, and why.
namespace crm::registry::app {

// Once per `key`: a pending proposal of a live client for a live shared group the client is not
// in yet. NOT_FOUND for an unknown (or deleted, or another's personal) group or an unknown
// client; FAILED_PRECONDITION for a personal group, a deleted client or a client already in the
// group; ALREADY_EXISTS naming the pending proposal of the same client for the same group.
v1::GroupMembershipProposal ProposeGroupMembership(common::db::Pool& pool,
                                                   const common::auth::Principal& caller,
                                                   const common::api::IdempotencyKey& key,
                                                   const NewGroupProposal& input);

// The pending proposal at `decision.etag` accepted: the client joins the group (with
// crm.registry.group.members_changed) and group_proposal.accepted is enqueued. FAILED_PRECONDITION
// when it was decided already, or its group or client has been deleted since.
v1::GroupMembershipProposal AcceptGroupMembershipProposal(common::db::Pool& pool,
                                                          const common::auth::Principal& caller,
                                                          const GroupProposalDecision& decision);

// The pending proposal at `decision.etag` rejected with `decision.reason`;
// group_proposal.rejected is enqueued.
v1::GroupMembershipProposal RejectGroupMembershipProposal(common::db::Pool& pool,
                                                          const common::auth::Principal& caller,
                                                          const GroupProposalDecision& decision);

}  // namespace crm::registry::app
