// crm groups ...: the registry's GroupService (shared and personal client groups).
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "crm/registry/v1/groups.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Groups = reg::GroupService::Stub;

// "geography" or "GROUP_KIND_GEOGRAPHY" -> the kind.
reg::GroupKind ParseKind(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  if (text.rfind("GROUP_KIND_", 0) != 0) {
    text = "GROUP_KIND_" + text;
  }
  reg::GroupKind kind;
  if (!reg::GroupKind_Parse(text, &kind) || kind == reg::GROUP_KIND_UNSPECIFIED) {
    throw ArgumentError(
        "--kind: expected geography, industry, our_exhibitions, competitor_exhibitions, "
        "mailing_subscription, target_group or other");
  }
  return kind;
}

// "pending" or "GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING" -> the state.
reg::GroupMembershipProposalState ParseProposalState(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (text.rfind("GROUP_MEMBERSHIP_PROPOSAL_STATE_", 0) != 0) {
    text = "GROUP_MEMBERSHIP_PROPOSAL_STATE_" + text;
  }
  reg::GroupMembershipProposalState state;
  if (!reg::GroupMembershipProposalState_Parse(text, &state) ||
      state == reg::GROUP_MEMBERSHIP_PROPOSAL_STATE_UNSPECIFIED) {
    throw ArgumentError("--state: expected pending, accepted or rejected");
  }
  return state;
}

// Sales propose clients for shared groups; analysts accept or reject.
void AddProposalCommands(CLI::App* group, Globals& globals) {
  UnaryCommand<Groups, reg::ProposeGroupMembershipRequest, reg::GroupMembershipProposal> propose(
      group, globals, "propose", "Propose a client for a shared group (sales; an analyst decides)",
      &Groups::ProposeGroupMembership, StubFor<reg::GroupService>);
  auto* p = propose.request->mutable_proposal();
  propose.command->add_option("group", *p->mutable_group(), "groups/<uuid>")->required();
  propose.command->add_option("client", *p->mutable_client(), "clients/<uuid>")->required();
  propose.command->add_option("--comment", *p->mutable_comment(), "What you know")->required();
  propose.command->add_option("--request-id", *propose.request->mutable_request_id(),
                              "Idempotency key");

  UnaryCommand<Groups, reg::GetGroupMembershipProposalRequest, reg::GroupMembershipProposal> get(
      group, globals, "proposal", "Show a proposal", &Groups::GetGroupMembershipProposal,
      StubFor<reg::GroupService>);
  get.command->add_option("name", *get.request->mutable_name(), "groupProposals/<uuid>")
      ->required();

  UnaryCommand<Groups, reg::ListGroupMembershipProposalsRequest,
               reg::ListGroupMembershipProposalsResponse>
      list(group, globals, "proposals",
           "Proposals oldest first: analysts see all (the queue: --state pending), sales their own",
           &Groups::ListGroupMembershipProposals, StubFor<reg::GroupService>);
  auto state = std::make_shared<std::string>();
  list.command->add_option("--state", *state, "pending, accepted or rejected");
  list.command->add_option("--group", *list.request->mutable_group(), "groups/<uuid>");
  list.command->add_option("--proposer", *list.request->mutable_proposer(),
                           "employees/<uuid> (analysts)");
  list.Then([state](reg::ListGroupMembershipProposalsRequest& r) {
    r.set_state(state->empty() ? reg::GROUP_MEMBERSHIP_PROPOSAL_STATE_UNSPECIFIED
                               : ParseProposalState(*state));
  });
  list.WithPaging();

  UnaryCommand<Groups, reg::AcceptGroupMembershipProposalRequest, reg::GroupMembershipProposal>
      accept(group, globals, "accept", "Accept a proposal: the client joins the group (analysts)",
             &Groups::AcceptGroupMembershipProposal, StubFor<reg::GroupService>);
  accept.command->add_option("name", *accept.request->mutable_name(), "groupProposals/<uuid>")
      ->required();
  accept.command->add_option("--etag", *accept.request->mutable_etag(), "The etag as last read")
      ->required();

  UnaryCommand<Groups, reg::RejectGroupMembershipProposalRequest, reg::GroupMembershipProposal>
      reject(group, globals, "reject",
             "Reject a proposal with a reason for the proposer (analysts)",
             &Groups::RejectGroupMembershipProposal, StubFor<reg::GroupService>);
  reject.command->add_option("name", *reject.request->mutable_name(), "groupProposals/<uuid>")
      ->required();
  reject.command->add_option("--etag", *reject.request->mutable_etag(), "The etag as last read")
      ->required();
  reject.command->add_option("--reason", *reject.request->mutable_reason(), "Why")->required();
}

}  // namespace

void AddGroupCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("groups", "Groups of clients (shared and personal)");
  group->require_subcommand(1);

  UnaryCommand<Groups, reg::CreateGroupRequest, reg::Group> create(
      group, globals, "create", "Create a group (shared: analysts; --personal: your own)",
      &Groups::CreateGroup, StubFor<reg::GroupService>);
  auto* g = create.request->mutable_group();
  auto kind = std::make_shared<std::string>();
  auto personal = std::make_shared<bool>(false);
  create.command->add_option("--display-name", *g->mutable_display_name(), "Name")->required();
  create.command->add_option("--kind", *kind, "geography, industry, ..., other")->required();
  create.command->add_option("--description", *g->mutable_description(), "About");
  create.command->add_flag("--personal", *personal, "Only you see and edit it");
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");
  create.Then([kind, personal](reg::CreateGroupRequest& r) {
    r.mutable_group()->set_kind(ParseKind(*kind));
    r.mutable_group()->set_personal(*personal);
  });

  UnaryCommand<Groups, reg::GetGroupRequest, reg::Group> get(
      group, globals, "get", "Show a group", &Groups::GetGroup, StubFor<reg::GroupService>);
  get.command->add_option("name", *get.request->mutable_name(), "groups/<uuid>")->required();

  UnaryCommand<Groups, reg::UpdateGroupRequest, reg::Group> update(
      group, globals, "update", "Rename a group or change its description", &Groups::UpdateGroup,
      StubFor<reg::GroupService>);
  auto* u = update.request->mutable_group();
  auto masked = std::make_shared<MaskedOptions>();
  update.command->add_option("name", *u->mutable_name(), "groups/<uuid>")->required();
  update.command->add_option("--etag", *u->mutable_etag(), "The etag as last read")->required();
  masked->Add(update.command->add_option("--display-name", *u->mutable_display_name(), "Name"),
              "display_name");
  masked->Add(update.command->add_option("--description", *u->mutable_description(), "About"),
              "description");
  update.Then([masked](reg::UpdateGroupRequest& r) { masked->Fill(r.mutable_update_mask()); });

  UnaryCommand<Groups, reg::DeleteGroupRequest, reg::Group> remove(
      group, globals, "delete", "Delete a group (soft)", &Groups::DeleteGroup,
      StubFor<reg::GroupService>);
  remove.command->add_option("name", *remove.request->mutable_name(), "groups/<uuid>")->required();
  remove.command->add_option("--etag", *remove.request->mutable_etag(), "The etag as last read")
      ->required();

  UnaryCommand<Groups, reg::ListGroupsRequest, reg::ListGroupsResponse> list(
      group, globals, "list", "Shared groups and your personal ones", &Groups::ListGroups,
      StubFor<reg::GroupService>);
  auto list_kind = std::make_shared<std::string>();
  list.command->add_option("--kind", *list_kind, "Only groups of this kind");
  list.Then([list_kind](reg::ListGroupsRequest& r) {
    r.set_kind(list_kind->empty() ? reg::GROUP_KIND_UNSPECIFIED : ParseKind(*list_kind));
  });
  list.WithPaging();

  UnaryCommand<Groups, reg::AddGroupMembersRequest, reg::ChangeGroupMembersResponse> add(
      group, globals, "add-members", "Add clients to a group", &Groups::AddGroupMembers,
      StubFor<reg::GroupService>);
  add.command->add_option("group", *add.request->mutable_group(), "groups/<uuid>")->required();
  add.WithList("--client", "clients/<uuid> (repeat, up to 1000)",
               &reg::AddGroupMembersRequest::clear_clients,
               &reg::AddGroupMembersRequest::add_clients, true);

  UnaryCommand<Groups, reg::RemoveGroupMembersRequest, reg::ChangeGroupMembersResponse> drop(
      group, globals, "remove-members", "Remove clients from a group", &Groups::RemoveGroupMembers,
      StubFor<reg::GroupService>);
  drop.command->add_option("group", *drop.request->mutable_group(), "groups/<uuid>")->required();
  drop.WithList("--client", "clients/<uuid> (repeat, up to 1000)",
                &reg::RemoveGroupMembersRequest::clear_clients,
                &reg::RemoveGroupMembersRequest::add_clients, true);

  UnaryCommand<Groups, reg::ListGroupMembersRequest, reg::ListGroupMembersResponse> members(
      group, globals, "members", "A group's clients", &Groups::ListGroupMembers,
      StubFor<reg::GroupService>);
  members.command->add_option("group", *members.request->mutable_group(), "groups/<uuid>")
      ->required();
  auto show_deleted = std::make_shared<bool>(false);
  members.command->add_flag("--show-deleted", *show_deleted, "Also deleted and merged clients");
  members.Then(
      [show_deleted](reg::ListGroupMembersRequest& r) { r.set_show_deleted(*show_deleted); });
  members.WithPaging();

  UnaryCommand<Groups, reg::ListClientGroupsRequest, reg::ListClientGroupsResponse> of_client(
      group, globals, "of-client", "The groups a client belongs to", &Groups::ListClientGroups,
      StubFor<reg::GroupService>);
  of_client.command->add_option("--client", *of_client.request->mutable_client(), "clients/<uuid>")
      ->required();
  of_client.WithPaging();

  AddProposalCommands(group, globals);
}

}  // namespace crm::cli
