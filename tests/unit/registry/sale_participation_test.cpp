// The participation a client's sales in an edition make (domain/sale_participation.h).
#include "services/registry/domain/sale_participation.h"

#include <gtest/gtest.h>

namespace crm::registry {
namespace {

TEST(DecideParticipationTest, TheFirstSaleMakesOneAndTheAreaFollowsTheSales) {
  EXPECT_EQ(DecideParticipation(std::nullopt, {.count = 1, .area_dm2 = 1200}),
            ParticipationChange::kCreate);
  EXPECT_EQ(DecideParticipation(ExistingParticipation{1200, true}, {.count = 2, .area_dm2 = 2100}),
            ParticipationChange::kSetArea);
  EXPECT_EQ(DecideParticipation(ExistingParticipation{2100, true}, {.count = 2, .area_dm2 = 2100}),
            ParticipationChange::kNone);
}

TEST(DecideParticipationTest, TheLastSaleGoingRemovesOnlyWhatSalesMade) {
  EXPECT_EQ(DecideParticipation(ExistingParticipation{1200, true}, {}),
            ParticipationChange::kDelete);
  EXPECT_EQ(DecideParticipation(ExistingParticipation{500, false}, {}), ParticipationChange::kNone);
  EXPECT_EQ(DecideParticipation(std::nullopt, {}), ParticipationChange::kNone);
}

TEST(DecideParticipationTest, SalesSetTheAreaOfOneAnAnalystEntered) {
  EXPECT_EQ(DecideParticipation(ExistingParticipation{500, false}, {.count = 1, .area_dm2 = 1800}),
            ParticipationChange::kSetArea);
}

}  // namespace
}  // namespace crm::registry
