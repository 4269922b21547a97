#include "services/analytics/domain/market.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "tests/support/violations.h"

namespace crm::analytics::domain {
namespace {

using crm::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kClient[] = "clients/1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B";

TEST(OkvedDivisionTest, TheFirstTwoDigits) {
  EXPECT_EQ(OkvedDivision("41.20"), "41");
  EXPECT_EQ(OkvedDivision("01"), "01");
  EXPECT_EQ(OkvedDivision("4"), "");
  EXPECT_EQ(OkvedDivision("A1.2"), "");
}

TEST(ClientRowOfTest, TheMainActivityAndCanonicalId) {
  crm::events::v1::ClientSnapshot snapshot;
  snapshot.set_client(kClient);
  snapshot.set_industry_code("62.01");
  snapshot.set_version(3);
  ClientRow row = ClientRowOf(snapshot, "client", "2026-01-01T00:00:00Z");
  EXPECT_EQ(row.id, "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(row.industry, "62");  // no OKVED codes: the industry code
  snapshot.add_okved_codes("41.20");
  EXPECT_EQ(ClientRowOf(snapshot, "client", "").industry, "41");
  snapshot.set_client("firms/1");
  EXPECT_THAT(ViolatedFieldsOf([&] { ClientRowOf(snapshot, "client", ""); }),
              ElementsAre("client.client"));
}

TEST(ParticipationRowOfTest, OursOrACompetitorsAndNothingMalformed) {
  crm::events::v1::ParticipationSnapshot snapshot;
  snapshot.set_participation(std::string(kClient) +
                             "/participations/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  snapshot.set_client(kClient);
  snapshot.set_competitor_exhibition("competitorExhibitions/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  ParticipationRow row = ParticipationRowOf(snapshot);
  EXPECT_EQ(row.competitor_exhibition, "0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  EXPECT_EQ(row.edition, "");

  crm::events::v1::ParticipationSnapshot bad;
  bad.set_participation("participations/1");
  bad.set_client("clients/x");
  bad.set_area_dm2(-5);
  EXPECT_THAT(ViolatedFieldsOf([&] { ParticipationRowOf(bad); }),
              UnorderedElementsAre("participation.participation", "participation.client",
                                   "participation.edition", "participation.area_dm2"));
}

TEST(ValidateMarketRequestTest, AProjectOrEverything) {
  crm::analytics::v1::GetMarketAnalysisRequest request;
  EXPECT_EQ(ValidateMarketRequest(request), "");
  request.set_project("projects/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  EXPECT_EQ(ValidateMarketRequest(request), request.project());
  request.set_project("projects/volga");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateMarketRequest(request); }), ElementsAre("project"));
}

TEST(AssembleMarketTest, OrdersSegmentsSizesAndRunsTheGrowthTotal) {
  MarketFigures figures;
  figures.by_region = {{"16", 2, 1, 900}, {"63", 5, 2, 3000}, {"", 2, 0, 0}};
  figures.by_size = {{"36+", 1, 1, 4000}, {"<9", 3, 3, 1800}, {"9-18", 2, 2, 2400}};
  figures.editions = {{.edition = "e1",
                       .display_name = "2025",
                       .start_date = "2025-04-15",
                       .exhibitors = 4,
                       .area_dm2 = 100,
                       .retained = 0,
                       .churned = 0,
                       .previous_exhibitors = 0,
                       .new_exhibitors = 4},
                      {.edition = "e2",
                       .display_name = "2026",
                       .start_date = "",
                       .exhibitors = 5,
                       .area_dm2 = 100,
                       .retained = 3,
                       .churned = 1,
                       .previous_exhibitors = 4,
                       .new_exhibitors = 2}};
  figures.new_by_lead_source["e2"] = {{"WEBSITE", 1}, {"REFERRAL", 1}};
  figures.growth = {{2024, 10}, {2026, 5}};
  auto market = AssembleMarket("", std::move(figures));
  ASSERT_EQ(market.by_region_size(), 3);
  EXPECT_EQ(market.by_region(0).key(), "63");
  EXPECT_EQ(market.by_region(1).key(), "");
  EXPECT_EQ(market.by_size(0).key(), "<9");
  EXPECT_EQ(market.by_size(2).key(), "36+");
  EXPECT_EQ(market.editions(0).start_date().year(), 2025);
  EXPECT_FALSE(market.editions(1).has_start_date());
  EXPECT_EQ(market.editions(1).retention_bp(), 7500);
  EXPECT_EQ(market.editions(1).new_by_lead_source(0).key(), "REFERRAL");
  EXPECT_EQ(market.growth(1).total(), 15);
}

}  // namespace
}  // namespace crm::analytics::domain
