#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/planning/domain/assessment_rules.h"
#include "services/planning/domain/stats_rules.h"
#include "tests/support/actors.h"
#include "tests/support/violations.h"

namespace crm::planning::domain {
namespace {

using common::auth::Role;
using crm::testing::EmployeeActor;
using crm::testing::ViolatedFields;
using ::testing::UnorderedElementsAre;

TEST(ReadinessTest, LevelsHaveColoursAndRoundTrip) {
  EXPECT_EQ(ReadinessColour(v1::READINESS_LEVEL_COLD), "#1E88E5");
  EXPECT_EQ(ReadinessColour(v1::READINESS_LEVEL_HOT), "#E53935");
  EXPECT_EQ(ReadinessColour(v1::READINESS_LEVEL_UNSPECIFIED), "");
  EXPECT_EQ(ReadinessText::Of(v1::READINESS_LEVEL_WARM), "WARM");
  EXPECT_EQ(ReadinessText::Parse("COOL"), v1::READINESS_LEVEL_COOL);
  EXPECT_EQ(LeadSourceText::Parse(LeadSourceText::Of(v1::LEAD_SOURCE_KIND_REFERRAL)),
            v1::LEAD_SOURCE_KIND_REFERRAL);
  common::Violations violations;
  ValidateReadinessLevel(static_cast<v1::ReadinessLevel>(9), violations);
  EXPECT_EQ(ViolatedFields(violations), std::vector<std::string>{"level"});
}

TEST(RatingTest, SubjectFollowsTheTarget) {
  v1::Rating rating;
  rating.set_target(v1::RATING_TARGET_PROJECT);
  rating.set_subject("projects/1E2D3C4B-5A69-4788-9766-554433221100");
  rating.set_score(3);
  common::Violations ok;
  EXPECT_EQ(ValidateRating(rating, ok), "projects/1e2d3c4b-5a69-4788-9766-554433221100");
  EXPECT_TRUE(ViolatedFields(ok).empty());
  rating.set_target(v1::RATING_TARGET_COMPANY);
  rating.set_score(0);
  common::Violations bad;
  ValidateRating(rating, bad);
  EXPECT_THAT(ViolatedFields(bad), UnorderedElementsAre("rating.score", "rating.subject"));
}

TEST(StatsSelectionTest, ManagersGetTheirOwnFigures) {
  const common::auth::Actor manager = EmployeeActor({Role::kSalesManager}, "m1", "");
  const StatsSelection own = ResolveStatsSelection(manager, {}, "");
  EXPECT_EQ(own.manager_id, "m1");
  EXPECT_THROW(ResolveStatsSelection(manager, {std::string("m2"), std::nullopt}, "A"),
               common::PermissionError);
  EXPECT_THROW(ResolveStatsSelection(manager, {std::nullopt, std::string("A")}, ""),
               common::PermissionError);
}

TEST(StatsSelectionTest, HeadsGetTheirDepartment) {
  const common::auth::Actor head = EmployeeActor({Role::kSalesHead}, "h1", "A");
  EXPECT_EQ(ResolveStatsSelection(head, {}, "").department_id, "A");
  EXPECT_EQ(ResolveStatsSelection(head, {std::string("m1"), std::nullopt}, "A").manager_id, "m1");
  EXPECT_THROW(ResolveStatsSelection(head, {std::string("m2"), std::nullopt}, "B"),
               common::PermissionError);
  EXPECT_THROW(ResolveStatsSelection(head, {std::nullopt, std::string("B")}, ""),
               common::PermissionError);
  EXPECT_THROW(ResolveStatsSelection(EmployeeActor({Role::kSalesHead}, "h2", ""), {}, ""),
               common::PermissionError);
}

TEST(StatsSelectionTest, AnalystsAnyoneAccountantsNobody) {
  const StatsSelection asked{std::nullopt, std::string("B")};
  EXPECT_EQ(
      ResolveStatsSelection(EmployeeActor({Role::kAnalyst}, "a", ""), asked, "").department_id,
      "B");
  EXPECT_THROW(ResolveStatsSelection(EmployeeActor({Role::kAccountant}, "c", ""), {}, ""),
               common::PermissionError);
}

}  // namespace
}  // namespace crm::planning::domain
