// Editing projects and editions, competitors' exhibitions and clients' participation.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ResourceInfoName;
using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using Exhibitions = v1::ExhibitionService::Stub;

v1::StandPrice Price(v1::StandType type, int64_t kopecks) {
  v1::StandPrice price;
  price.set_stand_type(type);
  price.mutable_price_per_m2()->set_currency_code("RUB");
  price.mutable_price_per_m2()->set_minor_units(kopecks);
  return price;
}

class ExhibitionsTest : public OrgTest {
 protected:
  grpc::Status UpdateEdition(const v1::Edition& edition, const std::vector<std::string>& paths,
                             v1::Edition* out, const std::string& token) {
    v1::UpdateEditionRequest request;
    *request.mutable_edition() = edition;
    for (const auto& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return CallOn(*exhibitions_, &Exhibitions::UpdateEdition, request, out, token);
  }

  grpc::Status CreateCompetitor(const v1::CompetitorExhibition& exhibition,
                                v1::CompetitorExhibition* out, const std::string& token,
                                const std::string& request_id = "") {
    v1::CreateCompetitorExhibitionRequest request;
    *request.mutable_competitor_exhibition() = exhibition;
    request.set_request_id(request_id);
    return CallOn(*exhibitions_, &Exhibitions::CreateCompetitorExhibition, request, out, token);
  }

  static v1::CompetitorExhibition Competitor(const std::string& display_name) {
    v1::CompetitorExhibition exhibition;
    exhibition.set_display_name(display_name);
    exhibition.set_organizer("ВолгаЭкспоЦентр");
    exhibition.set_city("Казань");
    exhibition.set_periodicity(v1::PERIODICITY_ANNUAL);
    return exhibition;
  }

  grpc::Status Participate(const std::string& client, const v1::Participation& participation,
                           v1::Participation* out, const std::string& token,
                           const std::string& request_id = "") {
    v1::CreateParticipationRequest request;
    request.set_parent(client);
    *request.mutable_participation() = participation;
    request.set_request_id(request_id);
    return CallOn(*exhibitions_, &Exhibitions::CreateParticipation, request, out, token);
  }
};

TEST_F(ExhibitionsTest, UpdatesProjectsAndEditionsWithStatusAndStandPrices) {
  v1::Project project = MustCreateProject("Волга-Строй");
  EXPECT_EQ(EventCount(events::v1::kProjectCreated), 1);
  v1::UpdateProjectRequest rename;
  rename.mutable_project()->set_name(project.name());
  rename.mutable_project()->set_display_name(" Волга-Строй Экспо ");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::Project renamed;
  ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::UpdateProject, rename, &renamed, analyst()).ok());
  EXPECT_EQ(renamed.display_name(), "Волга-Строй Экспо");
  EXPECT_EQ(LastEvent(events::v1::kProjectUpdated).project().display_name(), "Волга-Строй Экспо");
  EXPECT_EQ(
      CallOn(*exhibitions_, &Exhibitions::UpdateProject, rename, &renamed, manager()).error_code(),
      grpc::PERMISSION_DENIED);

  v1::Edition created = MustCreateEdition(project.name(), "Волга-Строй 2027", 2027);
  v1::GetEditionRequest get;
  get.set_name(created.name());
  v1::Edition edition;
  ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::GetEdition, get, &edition, manager()).ok());
  EXPECT_EQ(edition.status(), v1::EDITION_STATUS_PLANNED);
  EXPECT_EQ(edition.stand_prices_size(), 0);

  v1::Edition change = edition;
  change.set_status(v1::EDITION_STATUS_OPEN_FOR_SALES);
  *change.add_stand_prices() = Price(v1::STAND_TYPE_ISLAND, 1'600'000);
  *change.add_stand_prices() = Price(v1::STAND_TYPE_CORNER, 1'400'000);
  v1::Edition updated;
  grpc::Status status = UpdateEdition(change, {"status", "stand_prices"}, &updated, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.status(), v1::EDITION_STATUS_OPEN_FOR_SALES);
  ASSERT_EQ(updated.stand_prices_size(), 2);
  EXPECT_EQ(updated.stand_prices(0).stand_type(), v1::STAND_TYPE_CORNER);
  EXPECT_EQ(updated.stand_prices(1).price_per_m2().minor_units(), 1'600'000);
  EXPECT_NE(updated.etag(), edition.etag());
  auto event = LastEvent(events::v1::kEditionUpdated);
  EXPECT_EQ(event.edition().edition(), created.name());
  EXPECT_EQ(event.status(), "open_for_sales");
  ASSERT_EQ(event.stand_prices_size(), 2);
  EXPECT_EQ(event.stand_prices(0).stand_type(), "corner");

  // A stale etag, an impossible status change, bad prices: refused, nothing changes.
  EXPECT_EQ(UpdateEdition(change, {"venue"}, &edition, analyst()).error_code(), grpc::ABORTED);
  v1::Edition closing = updated;
  closing.set_status(v1::EDITION_STATUS_CLOSED);
  status = UpdateEdition(closing, {"status"}, &edition, analyst());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "EDITION_STATUS_TRANSITION");
  v1::Edition bad = updated;
  bad.clear_stand_prices();
  *bad.add_stand_prices() = Price(v1::STAND_TYPE_UNSPECIFIED, 10);
  *bad.add_stand_prices() = Price(v1::STAND_TYPE_LINEAR, 0);
  bad.mutable_end_date()->set_year(2020);
  status = UpdateEdition(bad, {"stand_prices", "end_date"}, &edition, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("edition.stand_prices[0].stand_type",
                                                           "edition.stand_prices[1].price_per_m2."
                                                           "minor_units"));
  status = UpdateEdition(bad, {"end_date"}, &edition, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("edition.end_date"));
  EXPECT_EQ(UpdateEdition(updated, {"venue"}, &edition, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(UpdateEdition(updated, {"venue"}, &edition, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(EventCount(events::v1::kEditionUpdated), 1);
  ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::GetEdition, get, &edition, manager()).ok());
  EXPECT_EQ(edition.etag(), updated.etag());

  get.set_name(project.name() + "/editions/" + common::NewUuid());
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::GetEdition, get, &edition, manager()).error_code(),
            grpc::NOT_FOUND);
}

// GetProject: any CRM role reads a project; a malformed name is INVALID_ARGUMENT on `name`, an
// unknown one NOT_FOUND, a caller without a token or without a CRM role is refused.
TEST_F(ExhibitionsTest, GetProjectReadsAProjectByName) {
  const v1::Project project = MustCreateProject("Волга-Агро");
  v1::GetProjectRequest get;
  get.set_name(project.name());
  v1::Project read;
  for (const std::string& token : {manager(), accountant(), analyst()}) {
    ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::GetProject, get, &read, token).ok());
    EXPECT_EQ(read.name(), project.name());
    EXPECT_EQ(read.display_name(), "Волга-Агро");
  }

  get.set_name("projects/not-a-uuid");
  grpc::Status status = CallOn(*exhibitions_, &Exhibitions::GetProject, get, &read, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  get.set_name(common::ResourceName("projects", common::NewUuid()));
  status = CallOn(*exhibitions_, &Exhibitions::GetProject, get, &read, manager());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), get.name());

  get.set_name(project.name());
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::GetProject, get, &read, "").error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::GetProject, get, &read,
                   crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {}))
                .error_code(),
            grpc::PERMISSION_DENIED);
}

// GetCompetitorExhibition: the same rules for a competitor's exhibition.
TEST_F(ExhibitionsTest, GetCompetitorExhibitionReadsOneByName) {
  v1::CompetitorExhibition created;
  ASSERT_TRUE(CreateCompetitor(Competitor("ЭкспоВолга Самара"), &created, analyst()).ok());
  v1::GetCompetitorExhibitionRequest get;
  get.set_name(created.name());
  v1::CompetitorExhibition read;
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::GetCompetitorExhibition, get, &read, manager()).ok());
  EXPECT_EQ(read.display_name(), "ЭкспоВолга Самара");
  EXPECT_EQ(read.organizer(), "ВолгаЭкспоЦентр");
  EXPECT_EQ(read.periodicity(), v1::PERIODICITY_ANNUAL);

  get.set_name("clients/" + common::NewUuid());
  grpc::Status status =
      CallOn(*exhibitions_, &Exhibitions::GetCompetitorExhibition, get, &read, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  get.set_name(common::ResourceName("competitorExhibitions", common::NewUuid()));
  status = CallOn(*exhibitions_, &Exhibitions::GetCompetitorExhibition, get, &read, manager());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);

  get.set_name(created.name());
  EXPECT_EQ(
      CallOn(*exhibitions_, &Exhibitions::GetCompetitorExhibition, get, &read, "").error_code(),
      grpc::UNAUTHENTICATED);
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::GetCompetitorExhibition, get, &read,
                   crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {}))
                .error_code(),
            grpc::PERMISSION_DENIED);
}

TEST_F(ExhibitionsTest, CompetitorExhibitionsAreCreatedOnceEditedAndListed) {
  v1::CompetitorExhibition input = Competitor(" СтройЭкспо Казань ");
  input.mutable_start_date()->set_year(2027);
  input.mutable_start_date()->set_month(4);
  input.mutable_start_date()->set_day(2);
  *input.mutable_end_date() = input.start_date();
  v1::CompetitorExhibition created;
  ASSERT_TRUE(CreateCompetitor(input, &created, analyst(), "req-1").ok());
  EXPECT_EQ(created.display_name(), "СтройЭкспо Казань");
  EXPECT_EQ(created.start_date().day(), 2);
  v1::CompetitorExhibition replay;
  ASSERT_TRUE(CreateCompetitor(input, &replay, analyst(), "req-1").ok());
  EXPECT_EQ(replay.name(), created.name());
  EXPECT_EQ(EventCount(events::v1::kCompetitorExhibitionCreated), 1);

  for (const char* name : {"АгроВолга", "МедЭкспо"}) {
    ASSERT_TRUE(CreateCompetitor(Competitor(name), &replay, admin()).ok());
  }
  std::vector<std::string> names;
  std::string token;
  do {
    v1::ListCompetitorExhibitionsRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListCompetitorExhibitionsResponse page;
    ASSERT_TRUE(
        CallOn(*exhibitions_, &Exhibitions::ListCompetitorExhibitions, request, &page, manager())
            .ok());
    for (const auto& e : page.competitor_exhibitions()) {
      names.push_back(e.display_name());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(names, ElementsAre("АгроВолга", "МедЭкспо", "СтройЭкспо Казань"));

  v1::UpdateCompetitorExhibitionRequest update;
  *update.mutable_competitor_exhibition() = created;
  update.mutable_competitor_exhibition()->set_city("Уфа");
  update.mutable_competitor_exhibition()->clear_start_date();
  update.mutable_competitor_exhibition()->clear_end_date();
  update.mutable_update_mask()->add_paths("city");
  update.mutable_update_mask()->add_paths("start_date");
  update.mutable_update_mask()->add_paths("end_date");
  v1::CompetitorExhibition updated;
  grpc::Status status =
      CallOn(*exhibitions_, &Exhibitions::UpdateCompetitorExhibition, update, &updated, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.city(), "Уфа");
  EXPECT_FALSE(updated.has_start_date());
  EXPECT_EQ(LastEvent(events::v1::kCompetitorExhibitionUpdated).competitor_exhibition().city(),
            "Уфа");

  // Bad input and other roles change nothing.
  v1::CompetitorExhibition bad = Competitor("");
  bad.set_organizer(" ");
  bad.mutable_start_date()->set_year(2027);
  status = CreateCompetitor(bad, &replay, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("competitor_exhibition.display_name",
                                                           "competitor_exhibition.organizer",
                                                           "competitor_exhibition.end_date"));
  EXPECT_EQ(CreateCompetitor(Competitor("X"), &replay, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(CreateCompetitor(Competitor("X"), &replay, head()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(
      CallOn(*exhibitions_, &Exhibitions::UpdateCompetitorExhibition, update, &updated, analyst())
          .error_code(),
      grpc::ABORTED);
  EXPECT_EQ(Count("competitor_exhibitions"), 3);
}

TEST_F(ExhibitionsTest, RecordsParticipationInOursAndCompetitors) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Edition edition2026 = MustCreateEdition(project.name(), "Волга-Строй 2026", 2026);
  v1::CompetitorExhibition rival;
  ASSERT_TRUE(CreateCompetitor(Competitor("СтройЭкспо"), &rival, analyst()).ok());

  v1::Participation ours;
  ours.set_edition(edition2026.name());
  ours.set_area_dm2(1250);
  v1::Participation recorded;
  grpc::Status status = Participate(client.name(), ours, &recorded, analyst(), "p-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(recorded.year(), 2026);
  EXPECT_EQ(recorded.edition(), edition2026.name());
  v1::Participation replay;
  ASSERT_TRUE(Participate(client.name(), ours, &replay, analyst(), "p-1").ok());
  EXPECT_EQ(replay.name(), recorded.name());
  status = Participate(client.name(), ours, &replay, analyst());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ResourceInfoName(status), recorded.name());

  v1::Participation theirs;
  theirs.set_competitor_exhibition(rival.name());
  for (int year : {2024, 2025}) {
    theirs.set_year(year);
    ASSERT_TRUE(Participate(client.name(), theirs, &replay, analyst()).ok());
  }
  auto event = LastEvent(events::v1::kParticipationRecorded);
  EXPECT_EQ(event.participation().client(), client.name());
  EXPECT_EQ(event.participation().year(), 2025);

  std::vector<int> years;
  std::string token;
  do {
    v1::ListParticipationsRequest request;
    request.set_parent(client.name());
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListParticipationsResponse page;
    ASSERT_TRUE(
        CallOn(*exhibitions_, &Exhibitions::ListParticipations, request, &page, manager()).ok());
    for (const auto& p : page.participations()) {
      years.push_back(p.year());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(years, ElementsAre(2026, 2025, 2024));

  v1::DeleteParticipationRequest remove;
  remove.set_name(recorded.name());
  v1::Participation removed;
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::DeleteParticipation, remove, &removed, manager())
                .error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::DeleteParticipation, remove, &removed, analyst()).ok());
  EXPECT_EQ(EventCount(events::v1::kParticipationDeleted), 1);
  EXPECT_EQ(CallOn(*exhibitions_, &Exhibitions::DeleteParticipation, remove, &removed, analyst())
                .error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Count("participations"), 2);
}

TEST_F(ExhibitionsTest, ParticipationRejectsBadInputAndManagers) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Edition edition = MustCreateEdition(project.name(), "Волга-Строй 2026", 2026);
  v1::Participation out;

  v1::Participation none;
  none.set_area_dm2(-5);
  grpc::Status status = Participate("clients/42", none, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("parent", "participation.edition", "participation.area_dm2"));

  v1::Participation with_year;
  with_year.set_edition(edition.name());
  with_year.set_year(2020);
  EXPECT_THAT(ViolatedFields(Participate(client.name(), with_year, &out, analyst())),
              ElementsAre("participation.year"));
  v1::Participation rival;
  rival.set_competitor_exhibition("competitorExhibitions/" + common::NewUuid());
  EXPECT_THAT(ViolatedFields(Participate(client.name(), rival, &out, analyst())),
              ElementsAre("participation.year"));
  rival.set_year(2025);
  EXPECT_EQ(Participate(client.name(), rival, &out, analyst()).error_code(), grpc::NOT_FOUND);

  v1::Participation fine;
  fine.set_edition(edition.name());
  EXPECT_EQ(Participate(client.name(), fine, &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Participate(client.name(), fine, &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("participations"), 0);
  EXPECT_EQ(EventCount(events::v1::kParticipationRecorded), 0);
}

}  // namespace
}  // namespace crm::registry::integration
