#include "services/registry/store/group_proposal_store.h"

#include "common/core/ids.h"
#include "common/db/row.h"

namespace crm::registry {
namespace {

using common::db::Row;

// A row of any statement of store/sql/group_proposals.sql that returns proposals.
v1::GroupMembershipProposal DecodeGroupProposal(const Row& row) {
  v1::GroupMembershipProposal proposal;
  proposal.set_name(common::ResourceName("groupProposals", row.Text("id")));
  proposal.set_group(common::ResourceName("groups", row.Text("group_id")));
  proposal.set_client(common::ResourceName("clients", row.Text("client_id")));
  proposal.set_comment(row.Text("comment"));
  proposal.set_state(GroupProposalStateText::Parse(row.Text("state")));
  proposal.set_proposer(row.Text("proposed_by"));
  *proposal.mutable_create_time() = row.TimeFromMicros("proposed_us");
  proposal.set_decider(row.Text("decided_by"));
  if (auto decided = row.OptionalTimeFromMicros("decided_us")) {
    *proposal.mutable_decide_time() = *decided;
  }
  proposal.set_reason(row.Text("reason"));
  proposal.set_group_display_name(row.Text("group_display_name"));
  proposal.set_client_display_name(row.Text("client_display_name"));
  proposal.set_etag(row.Text("version"));
  return proposal;
}

}  // namespace

v1::GroupMembershipProposal InsertGroupProposal(pqxx::transaction_base& tx, const std::string& id,
                                                const NewGroupProposal& proposal,
                                                const std::string& proposer) {
  return DecodeGroupProposal(
      Row(tx.exec_prepared1("group_proposal_insert", id, proposal.group_id, proposal.client_id,
                            proposal.comment, proposer)));
}

std::optional<v1::GroupMembershipProposal> FindGroupProposal(pqxx::transaction_base& tx,
                                                             const std::string& id) {
  return FirstRowOf(tx.exec_prepared("group_proposal_get", id), DecodeGroupProposal);
}

std::optional<v1::GroupMembershipProposal> LockGroupProposal(pqxx::transaction_base& tx,
                                                             const std::string& id) {
  return FirstRowOf(tx.exec_prepared("group_proposal_get_for_update", id), DecodeGroupProposal);
}

std::optional<std::string> FindPendingGroupProposal(pqxx::transaction_base& tx,
                                                    const std::string& group_id,
                                                    const std::string& client_id) {
  return FirstRowOf(
      tx.exec_prepared("group_proposal_pending", group_id, client_id),
      [](const Row& row) { return common::ResourceName("groupProposals", row.Text("id")); });
}

v1::GroupMembershipProposal DecideGroupProposal(pqxx::transaction_base& tx, const std::string& id,
                                                v1::GroupMembershipProposalState state,
                                                const std::string& decider,
                                                const std::string& reason) {
  return DecodeGroupProposal(Row(tx.exec_prepared1(
      "group_proposal_decide", id, GroupProposalStateText::Of(state), decider, reason)));
}

Page<v1::GroupMembershipProposal> ListGroupProposals(pqxx::transaction_base& tx,
                                                     const GroupProposalList& list) {
  const ListWindow& w = list.window;
  return ReadPageByName(
      tx.exec_prepared("group_proposals_list", list.state, list.group_id, list.proposer,
                       AfterSort(w, kFirstMicrosKey), AfterId(w), FetchLimit(w)),
      w, "proposed_us", DecodeGroupProposal);
}

bool IsGroupMember(pqxx::transaction_base& tx, const std::string& group_id,
                   const std::string& client_id) {
  return Row(tx.exec_prepared1("group_member_exists", group_id, client_id)).Bool("member");
}

}  // namespace crm::registry
