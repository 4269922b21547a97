#include "services/registry/domain/exhibition_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "tests/support/violations.h"

namespace crm::registry {
namespace {

using crm::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

v1::Edition SampleEdition() {
  v1::Edition edition;
  edition.set_display_name("Волга-Строй 2027");
  edition.mutable_start_date()->set_year(2027);
  edition.mutable_start_date()->set_month(3);
  edition.mutable_start_date()->set_day(14);
  *edition.mutable_end_date() = edition.start_date();
  edition.mutable_price_per_m2()->set_currency_code("RUB");
  edition.mutable_price_per_m2()->set_minor_units(1'250'000);
  edition.set_status(v1::EDITION_STATUS_PLANNED);
  return edition;
}

v1::StandPrice Price(v1::StandType type, int64_t kopecks) {
  v1::StandPrice price;
  price.set_stand_type(type);
  price.mutable_price_per_m2()->set_currency_code("RUB");
  price.mutable_price_per_m2()->set_minor_units(kopecks);
  return price;
}

TEST(ExhibitionRulesTest, EditionStatusMovesForwardOrIsCancelled) {
  using S = v1::EditionStatus;
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_PLANNED, S::EDITION_STATUS_OPEN_FOR_SALES));
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_OPEN_FOR_SALES, S::EDITION_STATUS_RUNNING));
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_RUNNING, S::EDITION_STATUS_CLOSED));
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_PLANNED, S::EDITION_STATUS_CANCELLED));
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_CANCELLED, S::EDITION_STATUS_PLANNED));
  EXPECT_TRUE(EditionStatusMayChange(S::EDITION_STATUS_CLOSED, S::EDITION_STATUS_CLOSED));
  EXPECT_FALSE(EditionStatusMayChange(S::EDITION_STATUS_PLANNED, S::EDITION_STATUS_CLOSED));
  EXPECT_FALSE(EditionStatusMayChange(S::EDITION_STATUS_CLOSED, S::EDITION_STATUS_CANCELLED));
  EXPECT_FALSE(EditionStatusMayChange(S::EDITION_STATUS_CLOSED, S::EDITION_STATUS_RUNNING));
}

TEST(ExhibitionRulesTest, StandPricesRoundTripInTypeOrder) {
  v1::Edition edition = SampleEdition();
  *edition.add_stand_prices() = Price(v1::STAND_TYPE_ISLAND, 1'600'000);
  *edition.add_stand_prices() = Price(v1::STAND_TYPE_LINEAR, 1'250'000);
  v1::Edition checked = ApplyEditionUpdate(SampleEdition(), edition, {"stand_prices"});
  ASSERT_EQ(checked.stand_prices_size(), 2);
  EXPECT_EQ(checked.stand_prices(0).stand_type(), v1::STAND_TYPE_LINEAR);
  const std::string text = StandPricesText(checked.stand_prices());
  EXPECT_EQ(text, "linear:1250000,island:1600000");
  auto parsed = ParseStandPrices(text);
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1].stand_type(), v1::STAND_TYPE_ISLAND);
  EXPECT_EQ(parsed[1].price_per_m2().minor_units(), 1'600'000);
  EXPECT_THAT(ParseStandPrices(""), IsEmpty());
}

TEST(ExhibitionRulesTest, EditionUpdateJudgesTheResult) {
  v1::Edition changes = SampleEdition();
  changes.set_display_name(" ");
  changes.mutable_end_date()->set_year(2026);
  changes.set_status(v1::EDITION_STATUS_UNSPECIFIED);
  *changes.add_stand_prices() = Price(v1::STAND_TYPE_CORNER, 1);
  *changes.add_stand_prices() = Price(v1::STAND_TYPE_CORNER, 2);
  EXPECT_THAT(ViolatedFieldsOf([&] {
                ApplyEditionUpdate(SampleEdition(), changes, {"status", "stand_prices"});
              }),
              UnorderedElementsAre("edition.status", "edition.stand_prices[1].stand_type"));
  EXPECT_THAT(ViolatedFieldsOf([&] {
                ApplyEditionUpdate(SampleEdition(), changes, {"display_name", "end_date"});
              }),
              UnorderedElementsAre("edition.display_name", "edition.end_date"));
  // Fields outside the mask are not looked at.
  EXPECT_EQ(ApplyEditionUpdate(SampleEdition(), changes, {"venue"}).display_name(),
            "Волга-Строй 2027");
}

TEST(ExhibitionRulesTest, ParticipationNamesOneExhibition) {
  v1::CreateParticipationRequest request;
  request.set_parent("clients/0b6c3d0e-1111-4c5e-9a43-2f1e7f1d9b20");
  request.mutable_participation()->set_competitor_exhibition(
      "competitorExhibitions/5a3e9c10-3333-4c5e-9a43-2f1e7f1d9b20");
  request.mutable_participation()->set_year(2025);
  request.mutable_participation()->set_area_dm2(900);
  NewParticipation ok = ValidateCreateParticipation(request);
  EXPECT_EQ(ok.year, 2025);
  EXPECT_FALSE(ok.edition.has_value());

  // An edition takes its own year, so the competitor's year left in the request is refused too.
  request.mutable_participation()->set_edition("projects/x/editions/y");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateCreateParticipation(request); }),
              ElementsAre("participation.edition", "participation.year"));
  request.mutable_participation()->set_edition(
      "projects/5a3e9c10-3333-4c5e-9a43-2f1e7f1d9b20/editions/"
      "6b5a4938-6666-4c5e-9a43-2f1e7f1d9b20");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateCreateParticipation(request); }),
              ElementsAre("participation.year"));
}

TEST(ExhibitionRulesTest, CompetitorDatesComeTogetherInOrder) {
  v1::CreateCompetitorExhibitionRequest request;
  auto* exhibition = request.mutable_competitor_exhibition();
  exhibition->set_display_name("СтройЭкспо");
  exhibition->set_organizer("ВолгаЭкспоЦентр");
  EXPECT_FALSE(ValidateCreateCompetitorExhibition(request).has_start_date());
  exhibition->mutable_end_date()->set_year(2027);
  exhibition->mutable_end_date()->set_month(1);
  exhibition->mutable_end_date()->set_day(1);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateCreateCompetitorExhibition(request); }),
              ElementsAre("competitor_exhibition.start_date"));
  exhibition->mutable_start_date()->set_year(2027);
  exhibition->mutable_start_date()->set_month(2);
  exhibition->mutable_start_date()->set_day(1);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateCreateCompetitorExhibition(request); }),
              ElementsAre("competitor_exhibition.end_date"));
}

}  // namespace
}  // namespace crm::registry
