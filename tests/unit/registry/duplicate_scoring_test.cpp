#include "services/registry/domain/duplicate_scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "services/registry/domain/duplicate_clusters.h"

namespace crm::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DuplicateScoringTest, SameInnAndKppIsCertain) {
  DuplicateScore score = ScoreDuplicate({.same_inn_kpp = true, .same_inn = true});
  EXPECT_EQ(score.score, 100);
  EXPECT_THAT(score.reasons, ElementsAre(DuplicateReason::kSameInnKpp));
  EXPECT_TRUE(IsDuplicateCandidate(score));
}

TEST(DuplicateScoringTest, SameInnAloneIsACandidate) {
  DuplicateScore score = ScoreDuplicate({.same_inn = true});
  EXPECT_EQ(score.score, 60);
  EXPECT_THAT(score.reasons, ElementsAre(DuplicateReason::kSameInn));
  EXPECT_TRUE(IsDuplicateCandidate(score));
}

TEST(DuplicateScoringTest, NameSimilarityCountsFromOneHalf) {
  EXPECT_THAT(ScoreDuplicate({.name_similarity = 0.49}).reasons, IsEmpty());
  EXPECT_EQ(ScoreDuplicate({.name_similarity = 0.49}).score, 0);
  DuplicateScore half = ScoreDuplicate({.name_similarity = 0.5});
  EXPECT_EQ(half.score, 25);
  EXPECT_FALSE(IsDuplicateCandidate(half));
  DuplicateScore exact = ScoreDuplicate({.name_similarity = 1.0});
  EXPECT_EQ(exact.score, 50);
  EXPECT_THAT(exact.reasons, ElementsAre(DuplicateReason::kSimilarName));
  EXPECT_TRUE(IsDuplicateCandidate(exact));
}

TEST(DuplicateScoringTest, OutOfRangeSimilarityIsClamped) {
  EXPECT_EQ(ScoreDuplicate({.name_similarity = 7.0}).score, 50);
  EXPECT_EQ(ScoreDuplicate({.name_similarity = -1.0}).score, 0);
}

TEST(DuplicateScoringTest, PhoneOrEmailAloneIsNotEnough) {
  EXPECT_FALSE(IsDuplicateCandidate(ScoreDuplicate({.same_phone = true})));
  EXPECT_FALSE(IsDuplicateCandidate(ScoreDuplicate({.same_email = true})));
  DuplicateScore both = ScoreDuplicate({.same_phone = true, .same_email = true});
  EXPECT_EQ(both.score, 60);
  EXPECT_THAT(both.reasons, ElementsAre(DuplicateReason::kSamePhone, DuplicateReason::kSameEmail));
}

TEST(DuplicateScoringTest, SignalsAddUpToAtMostOneHundred) {
  DuplicateScore score = ScoreDuplicate(
      {.same_inn = true, .name_similarity = 0.9, .same_phone = true, .same_email = true});
  EXPECT_EQ(score.score, 100);
  EXPECT_THAT(score.reasons, ElementsAre(DuplicateReason::kSameInn, DuplicateReason::kSimilarName,
                                         DuplicateReason::kSamePhone, DuplicateReason::kSameEmail));
  EXPECT_EQ(ScoreDuplicate({.name_similarity = 0.6, .same_phone = true}).score, 60);
}

TEST(DuplicateScoringTest, NoSignalNoScore) {
  DuplicateScore score = ScoreDuplicate({});
  EXPECT_EQ(score.score, 0);
  EXPECT_THAT(score.reasons, IsEmpty());
  EXPECT_FALSE(IsDuplicateCandidate(score));
}

TEST(DuplicateScoringTest, ReasonNamesMatchTheApiEnum) {
  EXPECT_STREQ(DuplicateReasonName(DuplicateReason::kSameInnKpp), "SAME_INN_KPP");
  EXPECT_STREQ(DuplicateReasonName(DuplicateReason::kSameInn), "SAME_INN");
  EXPECT_STREQ(DuplicateReasonName(DuplicateReason::kSimilarName), "SIMILAR_NAME");
  EXPECT_STREQ(DuplicateReasonName(DuplicateReason::kSamePhone), "SAME_PHONE");
  EXPECT_STREQ(DuplicateReasonName(DuplicateReason::kSameEmail), "SAME_EMAIL");
}

TEST(ClusterPairsTest, ConnectsPairsTransitively) {
  auto clusters = ClusterPairs(7, {{4, 2}, {0, 5}, {2, 6}});
  EXPECT_THAT(clusters, ElementsAre(ElementsAre(0, 5), ElementsAre(2, 4, 6)));
}

TEST(ClusterPairsTest, IgnoresSelfPairsAndIndexesOutOfRange) {
  EXPECT_THAT(ClusterPairs(3, {{1, 1}, {0, 9}}), IsEmpty());
  EXPECT_THAT(ClusterPairs(0, {}), IsEmpty());
}

TEST(ClusterPairsTest, RepeatedPairsMakeOneCluster) {
  EXPECT_THAT(ClusterPairs(3, {{0, 1}, {1, 0}, {0, 1}}), ElementsAre(ElementsAre(0, 1)));
}

}  // namespace
}  // namespace crm::registry

namespace crm::registry {
namespace {

TEST(NameAloneCandidateSimilarity, IsTheLowestSimilarityThatMakesACandidateByName) {
  const double from = NameAloneCandidateSimilarity();
  EXPECT_TRUE(IsDuplicateCandidate(ScoreDuplicate({.name_similarity = from})));
  EXPECT_FALSE(IsDuplicateCandidate(ScoreDuplicate({.name_similarity = from - 0.011})));
}

v1::DuplicatePair Pair(const std::string& a, const std::string& b, int score) {
  v1::DuplicatePair pair;
  pair.set_client(a);
  pair.set_other(b);
  pair.set_score(score);
  return pair;
}

TEST(BuildDuplicateClusters, JoinsPairsBestClusterFirst) {
  std::map<std::string, v1::DuplicateClusterMember> members;
  for (const std::string name : {"clients/a", "clients/b", "clients/c", "clients/d", "clients/e"}) {
    members[name].set_client(name);
  }
  const auto clusters = BuildDuplicateClusters(
      {Pair("clients/c", "clients/a", 50), Pair("clients/d", "clients/e", 90),
       Pair("clients/a", "clients/b", 60)},
      members);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].max_score(), 90);
  ASSERT_EQ(clusters[0].members_size(), 2);
  EXPECT_EQ(clusters[0].members(0).client(), "clients/d");
  ASSERT_EQ(clusters[1].members_size(), 3);
  EXPECT_EQ(clusters[1].members(0).client(), "clients/a");
  EXPECT_EQ(clusters[1].members(2).client(), "clients/c");
  ASSERT_EQ(clusters[1].pairs_size(), 2);
  EXPECT_EQ(clusters[1].pairs(0).score(), 60);
  EXPECT_EQ(clusters[1].max_score(), 60);
  EXPECT_TRUE(BuildDuplicateClusters({}, members).empty());
}

}  // namespace
}  // namespace crm::registry
