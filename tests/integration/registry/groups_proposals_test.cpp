// Group membership proposed by sales, confirmed by analysts: a manager proposes a client for a
// shared group with what they know, the proposal waits in the analysts' queue, an analyst accepts
// (the client joins the group) or rejects with a reason the manager reads.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Groups = v1::GroupService::Stub;
using Role = common::auth::Role;

class GroupProposalsTest : public OrgTest {
 protected:
  void SetUp() override {
    OrgTest::SetUp();
    target_ = MustCreateGroup("Машиностроение", v1::GROUP_KIND_INDUSTRY);
    client_ = MustCreateNumberedClient(1, "Завод «Волга»");
    other_client_ = MustCreateNumberedClient(2, "Станкозавод");
  }

  v1::Group MustCreateGroup(const std::string& display_name, v1::GroupKind kind,
                            bool personal = false, const std::string& token = "") {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_display_name(display_name);
    request.mutable_group()->set_kind(kind);
    request.mutable_group()->set_personal(personal);
    v1::Group out;
    grpc::Status status =
        CallOn(*groups_, &Groups::CreateGroup, request, &out, token.empty() ? analyst() : token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Propose(const std::string& group, const std::string& client,
                       const std::string& comment, v1::GroupMembershipProposal* out,
                       const std::string& token, const std::string& request_id = "") {
    v1::ProposeGroupMembershipRequest request;
    request.mutable_proposal()->set_group(group);
    request.mutable_proposal()->set_client(client);
    request.mutable_proposal()->set_comment(comment);
    request.set_request_id(request_id);
    return CallOn(*groups_, &Groups::ProposeGroupMembership, request, out, token);
  }

  v1::GroupMembershipProposal MustPropose(const std::string& group, const std::string& client,
                                          const std::string& token) {
    v1::GroupMembershipProposal out;
    grpc::Status status =
        Propose(group, client, "Видел их стенд на «Металлообработке»", &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Accept(const v1::GroupMembershipProposal& proposal, v1::GroupMembershipProposal* out,
                      const std::string& token, const std::string& etag = "") {
    v1::AcceptGroupMembershipProposalRequest request;
    request.set_name(proposal.name());
    request.set_etag(etag.empty() ? proposal.etag() : etag);
    return CallOn(*groups_, &Groups::AcceptGroupMembershipProposal, request, out, token);
  }

  grpc::Status Reject(const v1::GroupMembershipProposal& proposal, const std::string& reason,
                      v1::GroupMembershipProposal* out, const std::string& token) {
    v1::RejectGroupMembershipProposalRequest request;
    request.set_name(proposal.name());
    request.set_etag(proposal.etag());
    request.set_reason(reason);
    return CallOn(*groups_, &Groups::RejectGroupMembershipProposal, request, out, token);
  }

  grpc::Status List(const v1::ListGroupMembershipProposalsRequest& request,
                    std::vector<v1::GroupMembershipProposal>* out, const std::string& token) {
    v1::ListGroupMembershipProposalsResponse page;
    grpc::Status status =
        CallOn(*groups_, &Groups::ListGroupMembershipProposals, request, &page, token);
    out->assign(page.proposals().begin(), page.proposals().end());
    return status;
  }

  // The names of the proposals `token` lists in `state` (UNSPECIFIED: every state).
  std::vector<std::string> Listed(
      const std::string& token,
      v1::GroupMembershipProposalState state = v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_UNSPECIFIED) {
    v1::ListGroupMembershipProposalsRequest request;
    request.set_state(state);
    std::vector<v1::GroupMembershipProposal> proposals;
    grpc::Status status = List(request, &proposals, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    names.reserve(proposals.size());
    for (const auto& p : proposals) {
      names.push_back(p.name());
    }
    return names;
  }

  std::vector<std::string> Members(const v1::Group& group) {
    v1::ListGroupMembersRequest request;
    request.set_group(group.name());
    v1::ListGroupMembersResponse page;
    grpc::Status status = CallOn(*groups_, &Groups::ListGroupMembers, request, &page, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& m : page.members()) {
      names.push_back(m.client());
    }
    return names;
  }

  static std::string StaffToken(Role role) {
    return crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {role});
  }

  v1::Group target_;
  v1::Client client_;
  v1::Client other_client_;
};

TEST_F(GroupProposalsTest, AManagerProposesAndTheAnalystAccepts) {
  // A group of another project: the target group an analyst keeps for it.
  const v1::Group targets =
      MustCreateGroup("Целевая группа «Промэкспо»", v1::GROUP_KIND_TARGET_GROUP);
  v1::GroupMembershipProposal proposed;
  ASSERT_TRUE(Propose(targets.name(), client_.name(), "  Закупают станки каждый год  ", &proposed,
                      manager(), "req-1")
                  .ok());
  EXPECT_EQ(proposed.state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING);
  EXPECT_EQ(proposed.comment(), "Закупают станки каждый год");
  EXPECT_EQ(proposed.group(), targets.name());
  EXPECT_EQ(proposed.client(), client_.name());
  EXPECT_EQ(proposed.client_display_name(), "Завод «Волга»");
  EXPECT_EQ(proposed.group_display_name(), "Целевая группа «Промэкспо»");
  EXPECT_THAT(proposed.proposer(), ::testing::StartsWith("employees/"));
  EXPECT_TRUE(proposed.has_create_time());
  EXPECT_FALSE(proposed.has_decide_time());
  auto created = LastEvent(events::v1::kGroupProposalCreated);
  EXPECT_EQ(created.proposal().proposal(), proposed.name());
  EXPECT_EQ(created.proposal().proposer(), proposed.proposer());
  EXPECT_EQ(created.proposal().comment(), "Закупают станки каждый год");

  // The same request again (a retry) is the same proposal.
  v1::GroupMembershipProposal replayed;
  ASSERT_TRUE(Propose(targets.name(), client_.name(), "  Закупают станки каждый год  ", &replayed,
                      manager(), "req-1")
                  .ok());
  EXPECT_EQ(replayed.name(), proposed.name());
  EXPECT_EQ(EventCount(events::v1::kGroupProposalCreated), 1);

  // The analysts' queue shows it; the analyst reads it.
  EXPECT_THAT(Listed(analyst(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING),
              ElementsAre(proposed.name()));
  v1::GetGroupMembershipProposalRequest get;
  get.set_name(proposed.name());
  v1::GroupMembershipProposal read;
  ASSERT_TRUE(CallOn(*groups_, &Groups::GetGroupMembershipProposal, get, &read, analyst()).ok());
  EXPECT_EQ(read.etag(), proposed.etag());

  const long members_changed = EventCount(events::v1::kGroupMembersChanged);
  v1::GroupMembershipProposal accepted;
  ASSERT_TRUE(Accept(read, &accepted, analyst()).ok());
  EXPECT_EQ(accepted.state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_ACCEPTED);
  EXPECT_THAT(accepted.decider(), ::testing::StartsWith("employees/"));
  EXPECT_TRUE(accepted.has_decide_time());
  EXPECT_NE(accepted.etag(), read.etag());

  // The client is in the group, exactly as AddGroupMembers puts it there.
  EXPECT_THAT(Members(targets), ElementsAre(client_.name()));
  EXPECT_EQ(EventCount(events::v1::kGroupMembersChanged), members_changed + 1);
  auto changed = LastEvent(events::v1::kGroupMembersChanged);
  EXPECT_EQ(changed.group(), targets.name());
  EXPECT_THAT(changed.added(), ElementsAre(client_.name()));
  EXPECT_EQ(changed.changed_count(), 1);
  auto event = LastEvent(events::v1::kGroupProposalAccepted);
  EXPECT_EQ(event.proposal().proposal(), proposed.name());
  EXPECT_EQ(event.proposal().proposer(), proposed.proposer());
  EXPECT_EQ(event.decider(), accepted.decider());
  EXPECT_EQ(event.member_count(), 1);

  // The proposer reads the decision in their own proposals; the queue is empty.
  v1::ListGroupMembershipProposalsRequest mine;
  std::vector<v1::GroupMembershipProposal> own;
  ASSERT_TRUE(List(mine, &own, manager()).ok());
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_ACCEPTED);
  EXPECT_EQ(own[0].decider(), accepted.decider());
  EXPECT_THAT(Listed(analyst(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING), IsEmpty());

  // Deciding it again is refused, and so is proposing a member.
  v1::GroupMembershipProposal again;
  grpc::Status twice = Reject(accepted, "передумал", &again, analyst());
  EXPECT_EQ(twice.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(twice), "PROPOSAL_DECIDED");
  grpc::Status member = Propose(targets.name(), client_.name(), "ещё раз", &again, manager());
  EXPECT_EQ(member.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(member), "ALREADY_MEMBER");
}

TEST_F(GroupProposalsTest, ARejectedProposalTellsTheProposerWhy) {
  const v1::GroupMembershipProposal proposed =
      MustPropose(target_.name(), other_client_.name(), head());
  EXPECT_EQ(proposed.state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING);

  // A second pending proposal of the same client for the same group names the first.
  v1::GroupMembershipProposal duplicate;
  grpc::Status twice =
      Propose(target_.name(), other_client_.name(), "тоже видел", &duplicate, manager());
  EXPECT_EQ(twice.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(crm::testing::ResourceInfoName(twice), proposed.name());

  v1::GroupMembershipProposal rejected;
  ASSERT_TRUE(
      Reject(proposed, "  Они торгуют станками, а не делают их  ", &rejected, analyst()).ok());
  EXPECT_EQ(rejected.state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_REJECTED);
  EXPECT_EQ(rejected.reason(), "Они торгуют станками, а не делают их");
  EXPECT_THAT(Members(target_), IsEmpty());
  auto event = LastEvent(events::v1::kGroupProposalRejected);
  EXPECT_EQ(event.proposal().proposal(), proposed.name());
  EXPECT_EQ(event.proposal().proposer(), proposed.proposer());
  EXPECT_EQ(event.reason(), "Они торгуют станками, а не делают их");
  EXPECT_EQ(event.decider(), rejected.decider());

  // The head of sales who proposed it reads the reason.
  v1::GetGroupMembershipProposalRequest get;
  get.set_name(proposed.name());
  v1::GroupMembershipProposal read;
  ASSERT_TRUE(CallOn(*groups_, &Groups::GetGroupMembershipProposal, get, &read, head()).ok());
  EXPECT_EQ(read.state(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_REJECTED);
  EXPECT_EQ(read.reason(), "Они торгуют станками, а не делают их");
  EXPECT_TRUE(read.has_decide_time());
  EXPECT_THAT(Listed(head(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_REJECTED),
              ElementsAre(proposed.name()));

  // Once rejected it is no longer pending: the client may be proposed again, and accepting the
  // rejected one is refused.
  const v1::GroupMembershipProposal again =
      MustPropose(target_.name(), other_client_.name(), manager());
  v1::GroupMembershipProposal out;
  grpc::Status decided = Accept(rejected, &out, analyst());
  EXPECT_EQ(decided.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(Members(target_), IsEmpty());

  // A stale etag is ABORTED and changes nothing.
  grpc::Status stale = Accept(again, &out, analyst(), "41");
  EXPECT_EQ(stale.error_code(), grpc::ABORTED);
  EXPECT_EQ(crm::testing::ErrorInfoReason(stale), "ETAG_MISMATCH");
  EXPECT_THAT(Members(target_), IsEmpty());
  EXPECT_THAT(Listed(analyst(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING),
              ElementsAre(again.name()));
}

TEST_F(GroupProposalsTest, BadInputChangesNothing) {
  const long proposals = Count("group_membership_proposals");
  v1::GroupMembershipProposal out;

  grpc::Status no_comment = Propose(target_.name(), client_.name(), "   ", &out, manager());
  EXPECT_EQ(no_comment.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(no_comment), ElementsAre("proposal.comment"));

  grpc::Status empty = Propose("", "not-a-client", "", &out, manager(), std::string(200, 'x'));
  EXPECT_EQ(empty.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(empty), UnorderedElementsAre("request_id", "proposal.group",
                                                          "proposal.client", "proposal.comment"));

  v1::ProposeGroupMembershipRequest without;
  grpc::Status missing =
      CallOn(*groups_, &Groups::ProposeGroupMembership, without, &out, manager());
  EXPECT_THAT(ViolatedFields(missing), ElementsAre("proposal"));

  const std::string unknown_client = common::ResourceName("clients", common::NewUuid());
  grpc::Status no_client = Propose(target_.name(), unknown_client, "видел", &out, manager());
  EXPECT_EQ(no_client.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(crm::testing::ResourceInfoName(no_client), unknown_client);

  const std::string unknown_group = common::ResourceName("groups", common::NewUuid());
  grpc::Status no_group = Propose(unknown_group, client_.name(), "видел", &out, manager());
  EXPECT_EQ(no_group.error_code(), grpc::NOT_FOUND);

  // Personal groups take no proposals: another's does not exist, one's own is edited directly.
  const v1::Group others = MustCreateGroup("Мои", v1::GROUP_KIND_OTHER, true, head());
  EXPECT_EQ(Propose(others.name(), client_.name(), "видел", &out, manager()).error_code(),
            grpc::NOT_FOUND);
  const v1::Group own = MustCreateGroup("Мои", v1::GROUP_KIND_OTHER, true, manager());
  grpc::Status personal = Propose(own.name(), client_.name(), "видел", &out, manager());
  EXPECT_EQ(personal.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(personal), "GROUP_PERSONAL");
  EXPECT_EQ(Count("group_membership_proposals"), proposals);
  EXPECT_EQ(EventCount(events::v1::kGroupProposalCreated), 0);

  // Decisions: no reason, no etag, a malformed or unknown name.
  const v1::GroupMembershipProposal proposed =
      MustPropose(target_.name(), client_.name(), manager());
  grpc::Status no_reason = Reject(proposed, "  ", &out, analyst());
  EXPECT_EQ(no_reason.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(no_reason), ElementsAre("reason"));
  v1::AcceptGroupMembershipProposalRequest accept;
  accept.set_name("groups/" + common::NewUuid());
  grpc::Status bad_accept =
      CallOn(*groups_, &Groups::AcceptGroupMembershipProposal, accept, &out, analyst());
  EXPECT_THAT(ViolatedFields(bad_accept), UnorderedElementsAre("name", "etag"));
  v1::GroupMembershipProposal unknown = proposed;
  unknown.set_name(common::ResourceName("groupProposals", common::NewUuid()));
  EXPECT_EQ(Accept(unknown, &out, analyst()).error_code(), grpc::NOT_FOUND);

  v1::ListGroupMembershipProposalsRequest list;
  list.set_group("clients/x");
  list.set_proposer("nobody");
  list.set_state(static_cast<v1::GroupMembershipProposalState>(42));
  std::vector<v1::GroupMembershipProposal> listed;
  grpc::Status bad_list = List(list, &listed, analyst());
  EXPECT_THAT(ViolatedFields(bad_list), UnorderedElementsAre("group", "proposer", "state"));

  EXPECT_THAT(Listed(analyst(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING),
              ElementsAre(proposed.name()));
  EXPECT_THAT(Members(target_), IsEmpty());
  EXPECT_EQ(EventCount(events::v1::kGroupProposalRejected), 0);
  EXPECT_EQ(EventCount(events::v1::kGroupProposalAccepted), 0);
}

TEST_F(GroupProposalsTest, OnlySalesProposeOnlyAnalystsDecideEachManagerSeesTheirOwn) {
  const v1::GroupMembershipProposal proposed =
      MustPropose(target_.name(), client_.name(), manager());
  v1::GroupMembershipProposal out;

  // Accountants and analysts do not propose (analysts add members themselves); no role, no token.
  const std::string no_role =
      crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {});
  for (const std::string& token : {accountant(), analyst(), no_role}) {
    EXPECT_EQ(Propose(target_.name(), other_client_.name(), "видел", &out, token).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Propose(target_.name(), other_client_.name(), "видел", &out, "").error_code(),
            grpc::UNAUTHENTICATED);

  // Managers, heads of sales and accountants do not decide.
  for (const std::string& token : {manager(), head(), accountant(), no_role}) {
    EXPECT_EQ(Accept(proposed, &out, token).error_code(), grpc::PERMISSION_DENIED);
    EXPECT_EQ(Reject(proposed, "нет", &out, token).error_code(), grpc::PERMISSION_DENIED);
  }
  EXPECT_THAT(Members(target_), IsEmpty());

  // Another manager sees none of this manager's proposals; the analysts see all.
  const std::string other_manager = StaffToken(Role::kSalesManager);
  const v1::GroupMembershipProposal theirs =
      MustPropose(target_.name(), other_client_.name(), other_manager);
  EXPECT_THAT(Listed(manager()), ElementsAre(proposed.name()));
  EXPECT_THAT(Listed(other_manager), ElementsAre(theirs.name()));
  EXPECT_THAT(Listed(analyst()), ElementsAre(proposed.name(), theirs.name()));
  EXPECT_THAT(Listed(admin()), ElementsAre(proposed.name(), theirs.name()));
  v1::GetGroupMembershipProposalRequest get;
  get.set_name(proposed.name());
  EXPECT_EQ(
      CallOn(*groups_, &Groups::GetGroupMembershipProposal, get, &out, other_manager).error_code(),
      grpc::NOT_FOUND);
  v1::ListGroupMembershipProposalsRequest by_other;
  by_other.set_proposer(proposed.proposer());
  std::vector<v1::GroupMembershipProposal> listed;
  EXPECT_EQ(List(by_other, &listed, other_manager).error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(List(by_other, &listed, analyst()).ok());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name(), proposed.name());
  for (const std::string& token : {accountant(), no_role}) {
    EXPECT_EQ(List(by_other, &listed, token).error_code(), grpc::PERMISSION_DENIED);
    EXPECT_EQ(CallOn(*groups_, &Groups::GetGroupMembershipProposal, get, &out, token).error_code(),
              grpc::PERMISSION_DENIED);
  }

  // Pages of the queue are bound to their filters.
  v1::ListGroupMembershipProposalsRequest first;
  first.set_page_size(1);
  v1::ListGroupMembershipProposalsResponse page;
  ASSERT_TRUE(
      CallOn(*groups_, &Groups::ListGroupMembershipProposals, first, &page, analyst()).ok());
  ASSERT_EQ(page.proposals_size(), 1);
  ASSERT_FALSE(page.next_page_token().empty());
  v1::ListGroupMembershipProposalsRequest next = first;
  next.set_page_token(page.next_page_token());
  v1::ListGroupMembershipProposalsResponse second;
  ASSERT_TRUE(
      CallOn(*groups_, &Groups::ListGroupMembershipProposals, next, &second, analyst()).ok());
  ASSERT_EQ(second.proposals_size(), 1);
  EXPECT_EQ(second.proposals(0).name(), theirs.name());
  EXPECT_TRUE(second.next_page_token().empty());
  next.set_group(target_.name());
  EXPECT_EQ(CallOn(*groups_, &Groups::ListGroupMembershipProposals, next, &second, analyst())
                .error_code(),
            grpc::INVALID_ARGUMENT);

  // An admin decides; nothing of the denied calls changed the proposal.
  v1::GroupMembershipProposal accepted;
  ASSERT_TRUE(Accept(proposed, &accepted, admin()).ok());
  EXPECT_THAT(Members(target_), ElementsAre(client_.name()));
}

TEST_F(GroupProposalsTest, AGroupOrClientDeletedMeanwhileCannotBeAccepted) {
  const v1::Group fairs = MustCreateGroup("Ярмарки", v1::GROUP_KIND_OUR_EXHIBITIONS);
  const v1::GroupMembershipProposal for_deleted_group =
      MustPropose(fairs.name(), client_.name(), manager());
  const v1::GroupMembershipProposal for_deleted_client =
      MustPropose(target_.name(), other_client_.name(), manager());

  v1::DeleteGroupRequest delete_group;
  delete_group.set_name(fairs.name());
  delete_group.set_etag(fairs.etag());
  v1::Group deleted_group;
  ASSERT_TRUE(CallOn(*groups_, &Groups::DeleteGroup, delete_group, &deleted_group, analyst()).ok());
  v1::DeleteClientRequest delete_client;
  delete_client.set_name(other_client_.name());
  delete_client.set_etag(other_client_.etag());
  v1::Client deleted_client;
  ASSERT_TRUE(
      Call(&v1::RegistryService::Stub::DeleteClient, delete_client, &deleted_client, analyst())
          .ok());

  v1::GroupMembershipProposal out;
  grpc::Status group_gone = Accept(for_deleted_group, &out, analyst());
  EXPECT_EQ(group_gone.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(group_gone), "GROUP_DELETED");
  grpc::Status client_gone = Accept(for_deleted_client, &out, analyst());
  EXPECT_EQ(client_gone.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(client_gone), "CLIENT_DELETED");
  EXPECT_THAT(crm::testing::PreconditionSubjects(client_gone), ElementsAre(other_client_.name()));
  EXPECT_THAT(Members(target_), IsEmpty());
  EXPECT_EQ(EventCount(events::v1::kGroupProposalAccepted), 0);

  // A deleted client is not proposed either; the analyst clears the queue by rejecting.
  grpc::Status propose_deleted =
      Propose(target_.name(), other_client_.name(), "видел", &out, head());
  EXPECT_EQ(propose_deleted.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(propose_deleted), "CLIENT_DELETED");
  ASSERT_TRUE(Reject(for_deleted_group, "группы больше нет", &out, analyst()).ok());
  ASSERT_TRUE(Reject(for_deleted_client, "клиент удалён", &out, analyst()).ok());
  EXPECT_THAT(Listed(analyst(), v1::GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING), IsEmpty());
}

}  // namespace
}  // namespace crm::registry::integration
