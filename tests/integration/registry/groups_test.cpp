// Shared and personal client groups and their members.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Groups = v1::GroupService::Stub;

class GroupsTest : public OrgTest {
 protected:
  grpc::Status Create(const std::string& display_name, v1::GroupKind kind, bool personal,
                      v1::Group* out, const std::string& token) {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_display_name(display_name);
    request.mutable_group()->set_kind(kind);
    request.mutable_group()->set_personal(personal);
    return CallOn(*groups_, &Groups::CreateGroup, request, out, token);
  }

  grpc::Status Add(const v1::Group& group, const std::vector<std::string>& clients,
                   v1::ChangeGroupMembersResponse* out, const std::string& token) {
    v1::AddGroupMembersRequest request;
    request.set_group(group.name());
    for (const auto& c : clients) {
      request.add_clients(c);
    }
    return CallOn(*groups_, &Groups::AddGroupMembers, request, out, token);
  }

  std::vector<std::string> Visible(const std::string& token, v1::GroupKind kind) {
    v1::ListGroupsRequest request;
    request.set_kind(kind);
    v1::ListGroupsResponse page;
    grpc::Status status = CallOn(*groups_, &Groups::ListGroups, request, &page, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& g : page.groups()) {
      names.push_back(g.display_name());
    }
    return names;
  }
};

TEST_F(GroupsTest, AnalystsKeepSharedGroupsWithMembers) {
  std::vector<v1::Client> clients;
  std::vector<std::string> names;
  for (int i = 1; i <= 5; ++i) {
    clients.push_back(MustCreateNumberedClient(i, "Клиент " + std::to_string(i)));
    names.push_back(clients.back().name());
  }
  v1::Group samara;
  ASSERT_TRUE(Create(" Самара ", v1::GROUP_KIND_GEOGRAPHY, false, &samara, analyst()).ok());
  EXPECT_EQ(samara.display_name(), "Самара");
  EXPECT_FALSE(samara.personal());
  EXPECT_EQ(samara.owner(), "");

  v1::ChangeGroupMembersResponse changed;
  ASSERT_TRUE(Add(samara, {names[0], names[1], names[2]}, &changed, analyst()).ok());
  EXPECT_EQ(changed.changed_count(), 3);
  ASSERT_TRUE(Add(samara, {names[2], names[3]}, &changed, analyst()).ok());
  EXPECT_EQ(changed.changed_count(), 1);
  EXPECT_EQ(changed.unchanged_count(), 1);
  EXPECT_EQ(changed.member_count(), 4);
  auto event = LastEvent(events::v1::kGroupMembersChanged);
  EXPECT_EQ(event.group(), samara.name());
  EXPECT_THAT(event.added(), ElementsAre(names[2], names[3]));
  EXPECT_EQ(event.changed_count(), 1);

  v1::RemoveGroupMembersRequest remove;
  remove.set_group(samara.name());
  remove.add_clients(names[0]);
  remove.add_clients(names[4]);
  ASSERT_TRUE(CallOn(*groups_, &Groups::RemoveGroupMembers, remove, &changed, analyst()).ok());
  EXPECT_EQ(changed.changed_count(), 1);
  EXPECT_EQ(changed.member_count(), 3);

  std::vector<std::string> members;
  std::string token;
  do {
    v1::ListGroupMembersRequest request;
    request.set_group(samara.name());
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListGroupMembersResponse page;
    ASSERT_TRUE(CallOn(*groups_, &Groups::ListGroupMembers, request, &page, manager()).ok());
    EXPECT_EQ(page.total_size(), 3);  // every page counts all the members (AIP-158)
    for (const auto& m : page.members()) {
      members.push_back(m.display_name());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(members, ElementsAre("Клиент 2", "Клиент 3", "Клиент 4"));

  // A deleted client keeps its membership but is listed only when asked for.
  v1::DeleteClientRequest remove_client;
  remove_client.set_name(names[2]);
  remove_client.set_etag(clients[2].etag());
  v1::Client deleted_client;
  ASSERT_TRUE(
      Call(&v1::RegistryService::Stub::DeleteClient, remove_client, &deleted_client, analyst())
          .ok());
  auto member_names = [&](bool show_deleted) {
    v1::ListGroupMembersRequest request;
    request.set_group(samara.name());
    request.set_show_deleted(show_deleted);
    v1::ListGroupMembersResponse page;
    EXPECT_TRUE(CallOn(*groups_, &Groups::ListGroupMembers, request, &page, manager()).ok());
    std::vector<std::string> out;
    for (const auto& m : page.members()) {
      out.push_back(m.display_name());
    }
    EXPECT_EQ(page.total_size(), page.members_size());
    return out;
  };
  EXPECT_THAT(member_names(false), ElementsAre("Клиент 2", "Клиент 4"));
  EXPECT_THAT(member_names(true), ElementsAre("Клиент 2", "Клиент 3", "Клиент 4"));

  v1::ListClientGroupsRequest of_client;
  of_client.set_client(names[1]);
  v1::ListClientGroupsResponse groups_of_client;
  ASSERT_TRUE(
      CallOn(*groups_, &Groups::ListClientGroups, of_client, &groups_of_client, manager()).ok());
  ASSERT_EQ(groups_of_client.groups_size(), 1);
  EXPECT_EQ(groups_of_client.groups(0).member_count(), 3);

  // Rename, then delete: the group leaves every list.
  v1::UpdateGroupRequest rename;
  *rename.mutable_group() = groups_of_client.groups(0);
  rename.mutable_group()->set_display_name("Самарская область");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::Group renamed;
  ASSERT_TRUE(CallOn(*groups_, &Groups::UpdateGroup, rename, &renamed, analyst()).ok());
  EXPECT_EQ(renamed.display_name(), "Самарская область");
  EXPECT_EQ(CallOn(*groups_, &Groups::UpdateGroup, rename, &renamed, analyst()).error_code(),
            grpc::ABORTED);
  v1::DeleteGroupRequest del;
  del.set_name(samara.name());
  del.set_etag(renamed.etag());
  v1::Group deleted;
  ASSERT_TRUE(CallOn(*groups_, &Groups::DeleteGroup, del, &deleted, analyst()).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_THAT(Visible(manager(), v1::GROUP_KIND_UNSPECIFIED), IsEmpty());
  EXPECT_EQ(EventCount(events::v1::kGroupDeleted), 1);
}

// Groups whose kept member count differs from a count of their membership rows.
constexpr char kMiscountedGroups[] =
    "SELECT count(*) FROM client_groups g WHERE g.member_count <> "
    "(SELECT count(*) FROM client_group_members m WHERE m.group_id = g.id)";

TEST_F(GroupsTest, MemberCountsStayExactUnderConcurrentAddsAndRemoves) {
  std::vector<std::string> names;
  for (int i = 1; i <= 8; ++i) {
    names.push_back(MustCreateNumberedClient(i, "Клиент " + std::to_string(i)).name());
  }
  v1::Group first;
  v1::Group second;
  ASSERT_TRUE(Create("Самара", v1::GROUP_KIND_GEOGRAPHY, false, &first, analyst()).ok());
  ASSERT_TRUE(Create("Тольятти", v1::GROUP_KIND_GEOGRAPHY, false, &second, analyst()).ok());

  // Four callers add and remove overlapping clients of both groups at once: the same client
  // added by two callers, removed while another adds it.
  constexpr int kCallers = 4;
  std::vector<std::thread> callers;
  callers.reserve(kCallers);
  for (int caller = 0; caller < kCallers; ++caller) {
    callers.emplace_back([&, caller] {
      for (int round = 0; round < 15; ++round) {
        const v1::Group& group = (round + caller) % 2 == 0 ? first : second;
        std::vector<std::string> some;
        for (std::size_t i = (round + caller) % 3; i < names.size(); i += 2) {
          some.push_back(names[i]);
        }
        v1::ChangeGroupMembersResponse changed;
        if ((round + caller) % 3 == 2) {
          v1::RemoveGroupMembersRequest remove;
          remove.set_group(group.name());
          for (const auto& n : some) {
            remove.add_clients(n);
          }
          EXPECT_TRUE(
              CallOn(*groups_, &Groups::RemoveGroupMembers, remove, &changed, analyst()).ok());
        } else {
          EXPECT_TRUE(Add(group, some, &changed, analyst()).ok());
        }
      }
    });
  }
  for (auto& t : callers) {
    t.join();
  }
  EXPECT_EQ(CountWhere(kMiscountedGroups), 0);

  // What the lists show is the kept count, the same as the rows.
  v1::ListGroupsRequest request;
  v1::ListGroupsResponse page;
  ASSERT_TRUE(CallOn(*groups_, &Groups::ListGroups, request, &page, manager()).ok());
  ASSERT_EQ(page.groups_size(), 2);
  for (const auto& g : page.groups()) {
    EXPECT_EQ(g.member_count(),
              CountWhere("SELECT count(*) FROM client_group_members WHERE group_id = '" +
                         g.name().substr(g.name().find('/') + 1) + "'"))
        << g.display_name();
  }

  // A statement changing the memberships of several groups at once (a client erased by an
  // operator) keeps every count; so does deleting a client, whose memberships stay.
  {
    pqxx::connection conn(url_);
    pqxx::work tx(conn);
    tx.exec_params0("DELETE FROM client_group_members WHERE client_id = $1::uuid",
                    names[0].substr(names[0].find('/') + 1));
    tx.commit();
  }
  EXPECT_EQ(CountWhere(kMiscountedGroups), 0);
}

TEST_F(GroupsTest, PersonalGroupsBelongToTheirOwnerOnly) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Group mine;
  ASSERT_TRUE(Create("Мои тёплые", v1::GROUP_KIND_OTHER, true, &mine, manager()).ok());
  EXPECT_TRUE(mine.personal());
  EXPECT_FALSE(mine.owner().empty());
  v1::Group shared;
  ASSERT_TRUE(
      Create("Отрасль: строительство", v1::GROUP_KIND_INDUSTRY, false, &shared, analyst()).ok());

  EXPECT_THAT(Visible(manager(), v1::GROUP_KIND_UNSPECIFIED),
              ElementsAre("Мои тёплые", "Отрасль: строительство"));
  EXPECT_THAT(Visible(analyst(), v1::GROUP_KIND_UNSPECIFIED),
              ElementsAre("Отрасль: строительство"));
  EXPECT_THAT(Visible(manager(), v1::GROUP_KIND_INDUSTRY), ElementsAre("Отрасль: строительство"));

  v1::ChangeGroupMembersResponse changed;
  ASSERT_TRUE(Add(mine, {client.name()}, &changed, manager()).ok());
  // To anyone else the personal group does not exist; managers do not edit shared groups.
  EXPECT_EQ(Add(mine, {client.name()}, &changed, analyst()).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Add(mine, {client.name()}, &changed, admin()).error_code(), grpc::NOT_FOUND);
  v1::GetGroupRequest get;
  get.set_name(mine.name());
  v1::Group read;
  EXPECT_EQ(CallOn(*groups_, &Groups::GetGroup, get, &read, head()).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Add(shared, {client.name()}, &changed, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Add(shared, {client.name()}, &changed, head()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Create("Общая", v1::GROUP_KIND_OTHER, false, &read, manager()).error_code(),
            grpc::PERMISSION_DENIED);

  v1::ListClientGroupsRequest of_client;
  of_client.set_client(client.name());
  v1::ListClientGroupsResponse page;
  ASSERT_TRUE(CallOn(*groups_, &Groups::ListClientGroups, of_client, &page, analyst()).ok());
  EXPECT_EQ(page.groups_size(), 0);
  ASSERT_TRUE(CallOn(*groups_, &Groups::ListClientGroups, of_client, &page, manager()).ok());
  EXPECT_EQ(page.groups_size(), 1);
}

// A request_id is the caller's own: another manager who learns it gets a group of their own,
// never the first manager's personal group.
TEST_F(GroupsTest, RequestIdIsKeyedByTheCaller) {
  const std::string first_manager = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  const std::string second_manager = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  v1::CreateGroupRequest request;
  request.set_request_id("group-" + common::NewUuid());
  request.mutable_group()->set_display_name("Мои тёплые");
  request.mutable_group()->set_kind(v1::GROUP_KIND_OTHER);
  request.mutable_group()->set_personal(true);
  v1::Group first;
  ASSERT_TRUE(CallOn(*groups_, &Groups::CreateGroup, request, &first, first_manager).ok());

  // The same caller and body: the same group, nothing new.
  v1::Group again;
  ASSERT_TRUE(CallOn(*groups_, &Groups::CreateGroup, request, &again, first_manager).ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(Count("client_groups"), 1);

  // Another caller with the same key and body: their own new group.
  v1::Group theirs;
  grpc::Status status = CallOn(*groups_, &Groups::CreateGroup, request, &theirs, second_manager);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(theirs.name(), first.name());
  EXPECT_NE(theirs.owner(), first.owner());
  EXPECT_EQ(Count("client_groups"), 2);

  // The same caller and key with another body: refused, nothing created.
  request.mutable_group()->set_display_name("Другие");
  v1::Group changed;
  status = CallOn(*groups_, &Groups::CreateGroup, request, &changed, first_manager);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("client_groups"), 2);
  EXPECT_EQ(EventCount(events::v1::kGroupCreated), 2);
}

TEST_F(GroupsTest, RejectsBadInputAndChangesNothing) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Group group;
  grpc::Status status = Create(" ", v1::GROUP_KIND_UNSPECIFIED, false, &group, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("group.display_name", "group.kind"));
  EXPECT_EQ(Create("X", v1::GROUP_KIND_OTHER, true, &group, "").error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("client_groups"), 0);

  ASSERT_TRUE(Create("Самара", v1::GROUP_KIND_GEOGRAPHY, false, &group, analyst()).ok());
  v1::ChangeGroupMembersResponse changed;
  status = Add(group, {client.name(), client.name(), "clients/1"}, &changed, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("clients[1]", "clients[2]"));
  EXPECT_THAT(ViolatedFields(Add(group, {}, &changed, analyst())), ElementsAre("clients"));
  EXPECT_EQ(
      Add(group, {client.name(), "clients/" + common::NewUuid()}, &changed, analyst()).error_code(),
      grpc::NOT_FOUND);
  EXPECT_EQ(Count("client_group_members"), 0);
  EXPECT_EQ(EventCount(events::v1::kGroupMembersChanged), 0);
}

}  // namespace
}  // namespace crm::registry::integration
