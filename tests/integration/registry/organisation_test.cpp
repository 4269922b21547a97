// The organisation side of the client base: ClientFilter by group, participation and curator;
// group membership by filter; who of the sales staff edits a client; projects' target groups
// and client base.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Exhibitions = v1::ExhibitionService::Stub;
using Groups = v1::GroupService::Stub;
using Staff = v1::StaffService::Stub;
using Stub = v1::RegistryService::Stub;

class OrganisationTest : public OrgTest {
 protected:
  v1::Group MustCreateGroup(const std::string& display_name, v1::GroupKind kind, bool personal,
                            const std::string& token) {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_display_name(display_name);
    request.mutable_group()->set_kind(kind);
    request.mutable_group()->set_personal(personal);
    v1::Group out;
    grpc::Status status = CallOn(*groups_, &Groups::CreateGroup, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  void MustAddMembers(const v1::Group& group, const std::vector<std::string>& clients,
                      const std::string& token) {
    v1::AddGroupMembersRequest request;
    request.set_group(group.name());
    for (const auto& client : clients) {
      request.add_clients(client);
    }
    v1::ChangeGroupMembersResponse out;
    grpc::Status status = CallOn(*groups_, &Groups::AddGroupMembers, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  v1::Participation MustParticipate(const std::string& client, const std::string& edition,
                                    const std::string& competitor, int year, int64_t area_dm2) {
    v1::CreateParticipationRequest request;
    request.set_parent(client);
    if (!edition.empty()) {
      request.mutable_participation()->set_edition(edition);  // the edition's year
    } else {
      request.mutable_participation()->set_competitor_exhibition(competitor);
      request.mutable_participation()->set_year(year);
    }
    request.mutable_participation()->set_area_dm2(area_dm2);
    v1::Participation out;
    grpc::Status status =
        CallOn(*exhibitions_, &Exhibitions::CreateParticipation, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::CompetitorExhibition MustCreateCompetitor(const std::string& display_name) {
    v1::CreateCompetitorExhibitionRequest request;
    request.mutable_competitor_exhibition()->set_display_name(display_name);
    request.mutable_competitor_exhibition()->set_organizer("ВолгаЭкспоЦентр");
    v1::CompetitorExhibition out;
    grpc::Status status =
        CallOn(*exhibitions_, &Exhibitions::CreateCompetitorExhibition, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Search(const v1::ClientFilter& filter, v1::SearchClientsResponse* out,
                      const std::string& token) {
    v1::SearchClientsRequest request;
    *request.mutable_filter() = filter;
    return Call(&Stub::SearchClients, request, out, token);
  }

  // Display names of the clients matching `filter`, sorted.
  std::vector<std::string> Found(const v1::ClientFilter& filter) {
    v1::SearchClientsResponse response;
    grpc::Status status = Search(filter, &response, manager());
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& client : response.clients()) {
      names.push_back(client.display_name());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::vector<std::string> MemberNames(const v1::Group& group, const std::string& token) {
    v1::ListGroupMembersRequest request;
    request.set_group(group.name());
    v1::ListGroupMembersResponse response;
    grpc::Status status = CallOn(*groups_, &Groups::ListGroupMembers, request, &response, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& member : response.members()) {
      names.push_back(member.display_name());
    }
    return names;
  }

  std::string TokenOf(const v1::Employee& employee, Role role) {
    return crm::testing::TokenFor(employee.name(), {role});
  }
};

// --- ClientFilter ---

TEST_F(OrganisationTest, FilterByGroupMembership) {
  v1::Client a = MustCreateNumberedClient(1, "Альфа");
  v1::Client b = MustCreateNumberedClient(2, "Бета");
  MustCreateNumberedClient(3, "Гамма");
  v1::Group samara = MustCreateGroup("Самара", v1::GROUP_KIND_GEOGRAPHY, false, analyst());
  v1::Group builders = MustCreateGroup("Строители", v1::GROUP_KIND_INDUSTRY, false, analyst());
  MustAddMembers(samara, {a.name(), b.name()}, analyst());
  MustAddMembers(builders, {b.name()}, analyst());

  v1::ClientFilter filter;
  filter.add_groups(samara.name());
  EXPECT_THAT(Found(filter), ElementsAre("Альфа", "Бета"));
  filter.add_groups(builders.name());  // any of them
  EXPECT_THAT(Found(filter), ElementsAre("Альфа", "Бета"));
  filter.clear_groups();
  filter.add_groups(builders.name());
  filter.add_region_codes("63");  // combined with the other conditions
  EXPECT_THAT(Found(filter), IsEmpty());

  // Another's personal group and a group that does not exist are unknown names.
  v1::Group mine = MustCreateGroup("Мои", v1::GROUP_KIND_OTHER, true, head());
  MustAddMembers(mine, {a.name()}, head());
  filter.Clear();
  filter.add_groups(mine.name());
  v1::SearchClientsResponse response;
  grpc::Status status = Search(filter, &response, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter.groups"));
  EXPECT_THAT(status.error_message(), HasSubstr(mine.name()));
  ASSERT_TRUE(Search(filter, &response, head()).ok());
  ASSERT_EQ(response.clients_size(), 1);
  EXPECT_EQ(response.clients(0).name(), a.name());
  filter.set_groups(0, "groups/" + common::NewUuid());
  EXPECT_THAT(ViolatedFields(Search(filter, &response, manager())), ElementsAre("filter.groups"));
  filter.set_groups(0, "groups/x");
  EXPECT_THAT(ViolatedFields(Search(filter, &response, manager())),
              ElementsAre("filter.groups[0]"));
}

TEST_F(OrganisationTest, FilterByParticipationInEditionsProjectsAndCompetitors) {
  v1::Client a = MustCreateNumberedClient(1, "Альфа");
  v1::Client b = MustCreateNumberedClient(2, "Бета");
  v1::Client c = MustCreateNumberedClient(3, "Гамма");
  MustCreateNumberedClient(4, "Дельта");
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Project agro = MustCreateProject("АгроЭкспо");
  v1::Edition build24 = MustCreateEdition(build.name(), "Волга-Строй 2024", 2024);
  v1::Edition build25 = MustCreateEdition(build.name(), "Волга-Строй 2025", 2025);
  v1::Edition agro25 = MustCreateEdition(agro.name(), "АгроЭкспо 2025", 2025);
  v1::CompetitorExhibition kazan = MustCreateCompetitor("Казань-Строй");
  MustParticipate(a.name(), build24.name(), "", 2024, 1200);
  MustParticipate(b.name(), build25.name(), "", 2025, 900);
  MustParticipate(b.name(), agro25.name(), "", 2025, 100);
  MustParticipate(c.name(), "", kazan.name(), 2023, 0);

  v1::ClientFilter filter;
  filter.add_projects(build.name());
  EXPECT_THAT(Found(filter), ElementsAre("Альфа", "Бета"));
  filter.clear_projects();
  filter.add_projects(build25.name());
  EXPECT_THAT(Found(filter), ElementsAre("Бета"));
  filter.clear_projects();
  filter.add_competitor_exhibitions(kazan.name());
  EXPECT_THAT(Found(filter), ElementsAre("Гамма"));
  filter.add_projects(agro.name());  // ours and theirs: one condition, any of them
  EXPECT_THAT(Found(filter), ElementsAre("Бета", "Гамма"));
  filter.Clear();
  filter.add_projects(build.name());
  filter.add_participation_years(2024);
  EXPECT_THAT(Found(filter), ElementsAre("Альфа"));
  filter.clear_projects();  // years alone: took part in anything in them
  filter.set_participation_years(0, 2025);
  EXPECT_THAT(Found(filter), ElementsAre("Бета"));

  // An edition under another project, unknown names and a year out of range.
  filter.Clear();
  const std::string wrong_edition =
      agro.name() + "/editions/" +
      common::ParseChildResourceId(build24.name(), "projects", "editions")->second;
  filter.add_projects(wrong_edition);
  filter.add_competitor_exhibitions("competitorExhibitions/" + common::NewUuid());
  filter.add_participation_years(1800);
  v1::SearchClientsResponse response;
  grpc::Status status = Search(filter, &response, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter.participation_years[0]"));
  filter.clear_participation_years();
  status = Search(filter, &response, manager());
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("filter.projects", "filter.competitor_exhibitions"));
  EXPECT_THAT(status.error_message(), HasSubstr(wrong_edition));
}

TEST_F(OrganisationTest, FilterByCurrentCuratorOptionallyPerProject) {
  v1::Client a = MustCreateNumberedClient(1, "Альфа");
  v1::Client b = MustCreateNumberedClient(2, "Бета");
  v1::Client c = MustCreateNumberedClient(3, "Гамма");
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  v1::Employee oleg = MustCreateEmployee("Олег Петров", "oleg@expo-volga.test");
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Project agro = MustCreateProject("АгроЭкспо");
  MustAssign(a.name(), build.name(), anna.name());
  MustAssign(b.name(), agro.name(), anna.name());
  v1::Curator ended = MustAssign(c.name(), build.name(), oleg.name());

  v1::ClientFilter filter;
  filter.add_curators(anna.name());
  EXPECT_THAT(Found(filter), ElementsAre("Альфа", "Бета"));
  filter.add_curator_projects(agro.name());
  EXPECT_THAT(Found(filter), ElementsAre("Бета"));
  filter.clear_curators();  // any current curator in the project
  filter.set_curator_projects(0, build.name());
  EXPECT_THAT(Found(filter), ElementsAre("Альфа", "Гамма"));

  // An ended term no longer counts.
  v1::EndCuratorshipRequest end;
  end.set_name(ended.name());
  v1::Curator out;
  ASSERT_TRUE(CallOn(*staff_, &Staff::EndCuratorship, end, &out, head()).ok());
  EXPECT_THAT(Found(filter), ElementsAre("Альфа"));

  filter.Clear();
  filter.add_curators("employees/" + common::NewUuid());
  filter.add_curator_projects("projects/" + common::NewUuid());
  v1::SearchClientsResponse response;
  grpc::Status status = Search(filter, &response, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("filter.curators", "filter.curator_projects"));
}

// --- Group members by filter ---

TEST_F(OrganisationTest, AnalystsAddAndRemoveMembersByFilterWithOneSummaryEvent) {
  std::vector<v1::Client> clients;
  for (int i = 1; i <= 4; ++i) {
    clients.push_back(MustCreateNumberedClient(i, "Клиент " + std::to_string(i)));
  }
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Edition edition = MustCreateEdition(build.name(), "Волга-Строй 2025", 2025);
  for (int i = 0; i < 3; ++i) {
    MustParticipate(clients[static_cast<std::size_t>(i)].name(), edition.name(), "", 2025, 100);
  }
  v1::Group target =
      MustCreateGroup("Участники 2025", v1::GROUP_KIND_OUR_EXHIBITIONS, false, analyst());
  MustAddMembers(target, {clients[0].name()}, analyst());

  v1::AddGroupMembersByFilterRequest add;
  add.set_group(target.name());
  add.mutable_filter()->add_projects(edition.name());
  v1::ChangeGroupMembersByFilterResponse changed;
  grpc::Status status =
      CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &changed, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(changed.changed_count(), 2);
  EXPECT_EQ(changed.unchanged_count(), 1);
  EXPECT_EQ(changed.member_count(), 3);
  EXPECT_THAT(MemberNames(target, analyst()), ElementsAre("Клиент 1", "Клиент 2", "Клиент 3"));
  auto event = LastEvent(events::v1::kGroupMembersChangedByFilter);
  EXPECT_EQ(event.group(), target.name());
  EXPECT_EQ(event.change(), "added");
  EXPECT_EQ(event.changed_count(), 2);
  EXPECT_EQ(event.member_count(), 3);
  EXPECT_THAT(event.sample(), UnorderedElementsAre(clients[1].name(), clients[2].name()));
  EXPECT_FALSE(event.sample_truncated());
  ASSERT_TRUE(CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &changed, analyst()).ok());
  EXPECT_EQ(changed.changed_count(), 0);
  EXPECT_EQ(changed.unchanged_count(), 3);

  v1::RemoveGroupMembersByFilterRequest remove;
  remove.set_group(target.name());
  remove.mutable_filter()->set_inn(clients[1].inn());
  status = CallOn(*groups_, &Groups::RemoveGroupMembersByFilter, remove, &changed, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(changed.changed_count(), 1);
  EXPECT_EQ(changed.member_count(), 2);
  event = LastEvent(events::v1::kGroupMembersChangedByFilter);
  EXPECT_EQ(event.change(), "removed");
  EXPECT_THAT(event.sample(), ElementsAre(clients[1].name()));
  EXPECT_EQ(EventCount(events::v1::kGroupMembersChangedByFilter), 3);
}

TEST_F(OrganisationTest, MembersByFilterBadInputAndAccessChangeNothing) {
  v1::Client a = MustCreateNumberedClient(1, "Альфа");
  v1::Group shared = MustCreateGroup("Самара", v1::GROUP_KIND_GEOGRAPHY, false, analyst());
  v1::Group personal = MustCreateGroup("Мои клиенты", v1::GROUP_KIND_OTHER, true, head());
  const long events_before = Count("outbox");

  v1::AddGroupMembersByFilterRequest add;
  add.set_group(shared.name());
  v1::ChangeGroupMembersByFilterResponse out;
  grpc::Status status = CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter"));
  add.set_group("groups/1");
  add.mutable_filter()->add_region_codes("00");
  status = CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &out, analyst());
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("group", "filter.region_codes[0]"));
  add.set_group(shared.name());
  add.mutable_filter()->set_region_codes(0, "63");
  add.mutable_filter()->add_groups("groups/" + common::NewUuid());
  status = CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &out, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter.groups"));

  // Shared groups are the analysts'; a personal group exists only for its owner.
  add.mutable_filter()->clear_groups();
  add.mutable_filter()->clear_region_codes();
  add.mutable_filter()->set_inn(a.inn());
  EXPECT_EQ(CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  v1::RemoveGroupMembersByFilterRequest remove;
  remove.set_group(personal.name());
  remove.mutable_filter()->set_inn(a.inn());
  EXPECT_EQ(
      CallOn(*groups_, &Groups::RemoveGroupMembersByFilter, remove, &out, analyst()).error_code(),
      grpc::NOT_FOUND);
  EXPECT_EQ(Count("client_group_members"), 0);
  EXPECT_EQ(Count("outbox"), events_before);

  // The owner fills their personal group by filter.
  add.set_group(personal.name());
  ASSERT_TRUE(CallOn(*groups_, &Groups::AddGroupMembersByFilter, add, &out, head()).ok());
  EXPECT_EQ(out.changed_count(), 1);
}

// --- Who edits a client ---

TEST_F(OrganisationTest, ManagersEditClientsAndContactPersonsWhileTheyCurateThem) {
  v1::Client client = MustCreateNumberedClient(1, "Альфа");
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  v1::Employee oleg = MustCreateEmployee("Олег Петров", "oleg@expo-volga.test");
  const std::string anna_token = TokenOf(anna, Role::kSalesManager);
  const std::string oleg_token = TokenOf(oleg, Role::kSalesManager);
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Curator term = MustAssign(client.name(), build.name(), anna.name());

  v1::UpdateClientRequest update;
  *update.mutable_client() = client;
  update.mutable_client()->set_website("alfa.ru");
  update.mutable_update_mask()->add_paths("website");
  v1::Client out;
  grpc::Status status = Call(&Stub::UpdateClient, update, &out, oleg_token);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = Call(&Stub::UpdateClient, update, &out, anna_token);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::CreateContactPersonRequest person;
  person.set_parent(client.name());
  person.mutable_contact_person()->set_full_name("Иванова Мария");
  v1::ContactPerson created;
  EXPECT_EQ(Call(&Stub::CreateContactPerson, person, &created, oleg_token).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateContactPerson, person, &created, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateContactPerson, person, &created, anna_token).ok());

  // The term ends: Anna is no longer responsible for the client.
  v1::EndCuratorshipRequest end;
  end.set_name(term.name());
  v1::Curator ended;
  ASSERT_TRUE(CallOn(*staff_, &Staff::EndCuratorship, end, &ended, head()).ok());
  *update.mutable_client() = out;
  update.mutable_client()->set_website("alfa.com");
  EXPECT_EQ(Call(&Stub::UpdateClient, update, &out, anna_token).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("contact_persons"), 1);

  // Accountants change requisites, and only them.
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("legal_address");
  update.mutable_client()->set_legal_address("443010, г. Самара, ул. Куйбышева, д. 1");
  status = Call(&Stub::UpdateClient, update, &out, accountant());
  ASSERT_TRUE(status.ok()) << status.error_message();
  *update.mutable_client() = out;
  update.mutable_update_mask()->add_paths("website");
  EXPECT_EQ(Call(&Stub::UpdateClient, update, &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
}

// --- Target groups and the client base of a project ---

TEST_F(OrganisationTest, ProjectTargetGroupsAreSharedTargetGroupsOnly) {
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Group builders = MustCreateGroup("Строители", v1::GROUP_KIND_TARGET_GROUP, false, analyst());
  v1::Group architects =
      MustCreateGroup("Архитекторы", v1::GROUP_KIND_TARGET_GROUP, false, analyst());
  v1::Group geography = MustCreateGroup("Самара", v1::GROUP_KIND_GEOGRAPHY, false, analyst());
  v1::Group personal = MustCreateGroup("Мои", v1::GROUP_KIND_TARGET_GROUP, true, analyst());

  v1::SetProjectTargetGroupsRequest set;
  set.set_project(build.name());
  set.add_groups(builders.name());
  set.add_groups(architects.name());
  v1::SetProjectTargetGroupsResponse response;
  grpc::Status status =
      CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.groups_size(), 2);
  EXPECT_EQ(response.groups(0).display_name(), "Архитекторы");
  auto event = LastEvent(events::v1::kProjectTargetGroupsSet);
  EXPECT_EQ(event.project(), build.name());
  EXPECT_THAT(event.linked(), UnorderedElementsAre(builders.name(), architects.name()));
  EXPECT_THAT(event.unlinked(), IsEmpty());

  // Replacing: one stays, one goes.
  set.clear_groups();
  set.add_groups(builders.name());
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, head()).ok());
  event = LastEvent(events::v1::kProjectTargetGroupsSet);
  EXPECT_THAT(event.linked(), IsEmpty());
  EXPECT_THAT(event.unlinked(), ElementsAre(architects.name()));
  v1::ListProjectTargetGroupsRequest list;
  list.set_project(build.name());
  v1::ListProjectTargetGroupsResponse listed;
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::ListProjectTargetGroups, list, &listed, manager()).ok());
  ASSERT_EQ(listed.groups_size(), 1);
  EXPECT_EQ(listed.groups(0).name(), builders.name());

  // Bad groups, bad names, denied roles and unknown projects change nothing.
  const long events_before = Count("outbox");
  set.clear_groups();
  set.add_groups(geography.name());
  set.add_groups(personal.name());
  set.add_groups("groups/" + common::NewUuid());
  set.add_groups(geography.name());
  status = CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("groups[3]"));
  set.mutable_groups()->RemoveLast();
  status = CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("groups[0]", "groups[1]", "groups[2]"));
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, manager())
                .error_code(),
            grpc::PERMISSION_DENIED);
  set.clear_groups();
  set.set_project("projects/" + common::NewUuid());
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &response, analyst())
                .error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Count("outbox"), events_before);
  EXPECT_EQ(Count("project_target_groups"), 1);
}

TEST_F(OrganisationTest, ProjectClientBaseJoinsTargetGroupsParticipantsAndCurators) {
  v1::Client in_group = MustCreateNumberedClient(1, "Альфа");
  v1::Client participant = MustCreateNumberedClient(2, "Бета");
  v1::Client curated = MustCreateNumberedClient(3, "Гамма");
  v1::Client all_three = MustCreateNumberedClient(4, "Дельта");
  MustCreateNumberedClient(5, "Эпсилон");  // not tied to the project
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Project other = MustCreateProject("АгроЭкспо");
  v1::Edition build24 = MustCreateEdition(build.name(), "Волга-Строй 2024", 2024);
  v1::Edition build25 = MustCreateEdition(build.name(), "Волга-Строй 2025", 2025);
  v1::Edition agro = MustCreateEdition(other.name(), "АгроЭкспо 2025", 2025);
  v1::Group builders = MustCreateGroup("Строители", v1::GROUP_KIND_TARGET_GROUP, false, analyst());
  MustAddMembers(builders, {in_group.name(), all_three.name()}, analyst());
  v1::SetProjectTargetGroupsRequest set;
  set.set_project(build.name());
  set.add_groups(builders.name());
  v1::SetProjectTargetGroupsResponse linked;
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, set, &linked, analyst()).ok());
  MustParticipate(participant.name(), build25.name(), "", 2025, 900);
  MustParticipate(all_three.name(), build24.name(), "", 2024, 1200);
  MustParticipate(all_three.name(), build25.name(), "", 2025, 1500);
  MustParticipate(all_three.name(), agro.name(), "", 2025, 7700);  // another project's
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  MustAssign(curated.name(), build.name(), anna.name());
  MustAssign(all_three.name(), build.name(), anna.name());
  MustAssign(in_group.name(), other.name(), anna.name());  // another project's curator

  v1::ListProjectClientsRequest request;
  request.set_project(build.name());
  request.set_page_size(3);
  v1::ListProjectClientsResponse page;
  grpc::Status status =
      CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page.clients_size(), 3);
  // The whole base counts on every page (AIP-158 total_size): the four clients tied to it.
  EXPECT_EQ(page.total_size(), 4);
  EXPECT_EQ(page.clients(0).client().display_name(), "Альфа");
  EXPECT_THAT(page.clients(0).target_groups(), ElementsAre(builders.name()));
  EXPECT_THAT(page.clients(0).curators(), IsEmpty());
  EXPECT_EQ(page.clients(1).client().display_name(), "Бета");
  EXPECT_EQ(page.clients(1).client().inn(), participant.inn());
  ASSERT_EQ(page.clients(1).participations_size(), 1);
  EXPECT_EQ(page.clients(1).participations(0).edition(), build25.name());
  EXPECT_EQ(page.clients(1).total_area_dm2(), 900);
  EXPECT_EQ(page.clients(2).client().display_name(), "Гамма");
  EXPECT_THAT(page.clients(2).curators(), ElementsAre(anna.name()));
  ASSERT_FALSE(page.next_page_token().empty());

  request.set_page_token(page.next_page_token());
  v1::ListProjectClientsResponse second;
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &second, manager()).ok());
  ASSERT_EQ(second.clients_size(), 1);
  EXPECT_EQ(second.total_size(), 4);
  const v1::ProjectClient& delta = second.clients(0);
  EXPECT_EQ(delta.client().name(), all_three.name());
  EXPECT_THAT(delta.target_groups(), ElementsAre(builders.name()));
  ASSERT_EQ(delta.participations_size(), 2);
  EXPECT_EQ(delta.participations(0).year(), 2025);
  EXPECT_EQ(delta.participations(1).edition(), build24.name());
  EXPECT_EQ(delta.total_area_dm2(), 2700);
  EXPECT_THAT(delta.curators(), ElementsAre(anna.name()));
  EXPECT_TRUE(second.next_page_token().empty());

  // Combined with a client filter; a token is bound to its filter.
  request.clear_page_token();
  request.mutable_filter()->add_projects(build24.name());
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &second, manager()).ok());
  ASSERT_EQ(second.clients_size(), 1);
  EXPECT_EQ(second.total_size(), 1);
  EXPECT_EQ(second.clients(0).client().name(), all_three.name());
  request.set_page_token(page.next_page_token());
  status = CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &second, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));

  // Deleted clients leave the base.
  v1::DeleteClientRequest remove;
  remove.set_name(participant.name());
  remove.set_etag(participant.etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&Stub::DeleteClient, remove, &deleted, analyst()).ok());
  request.Clear();
  request.set_project(build.name());
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager()).ok());
  EXPECT_EQ(page.clients_size(), 3);
  EXPECT_EQ(page.total_size(), 3);

  // Unknown projects, bad names, unknown filter references.
  request.set_project("projects/" + common::NewUuid());
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager())
                .error_code(),
            grpc::NOT_FOUND);
  request.set_project("projects/x");
  request.mutable_filter()->add_curators("employees/y");
  status = CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager());
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("project", "filter.curators[0]"));
  request.set_project(build.name());
  request.mutable_filter()->set_curators(0, "employees/" + common::NewUuid());
  status = CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter.curators"));
}

}  // namespace
}  // namespace crm::registry::integration
