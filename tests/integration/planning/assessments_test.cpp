// Readiness to buy, lead source and ratings of a client.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/db/pool.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/assessments.grpc.pb.h"
#include "services/planning/app/lead_source_handover.h"
#include "services/planning/store/all_queries.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class AssessmentsTest : public ResultsTest {
 protected:
  // The manager curates the client (registry's curator.assigned), as they must to assess it.
  void SetUp() override {
    ResultsTest::SetUp();
    stub_ = v1::AssessmentService::NewStub(server_->channel());
    curator_ = registry_events::PublishCuratorAssigned(nats_url_, client_id_, project_id_,
                                                       manager_id_, "2026-01-12T07:00:00Z");
    ASSERT_TRUE(WaitForCurator(manager_id_));
  }

  // Until planning's curators projection has `employee_id` curating the client now.
  bool WaitForCurator(const std::string& employee_id) {
    return testing::Eventually([&] {
      return Count("curators", "NOT ended AND employee_id = '" + employee_id + "'") == 1;
    });
  }

  // The three writes, each as `token`; the status codes in order.
  std::vector<grpc::StatusCode> WriteAll(const std::string& token) {
    std::vector<grpc::StatusCode> codes;
    v1::Readiness readiness;
    codes.push_back(
        SetLevel(token, v1::READINESS_LEVEL_WARM, "Сравнивает с конкурентами", &readiness)
            .error_code());
    v1::SetLeadSourceRequest source;
    source.set_client(ClientName());
    source.set_source(v1::LEAD_SOURCE_KIND_REFERRAL);
    v1::LeadSource set;
    codes.push_back(Call(*stub_, &v1::AssessmentService::Stub::SetLeadSource, token, source, &set)
                        .error_code());
    v1::RecordRatingRequest rating;
    rating.set_client(ClientName());
    rating.mutable_rating()->set_target(v1::RATING_TARGET_COMPANY);
    rating.mutable_rating()->set_score(4);
    v1::Rating recorded;
    codes.push_back(
        Call(*stub_, &v1::AssessmentService::Stub::RecordRating, token, rating, &recorded)
            .error_code());
    return codes;
  }

  // Readiness changes and ratings planning stores, and lead sources it hands to registry (their
  // owner) as events.
  int64_t Written() {
    return Count("readiness_changes") + Count("ratings") +
           Count("outbox", "subject = 'crm.planning.lead_source.set'");
  }

  std::string curator_;

  grpc::Status SetLevel(const std::string& token, v1::ReadinessLevel level,
                        const std::string& comment, v1::Readiness* out) {
    v1::SetReadinessRequest request;
    request.set_client(ClientName());
    request.set_edition(EditionName());
    request.set_level(level);
    request.set_comment(comment);
    return Call(*stub_, &v1::AssessmentService::Stub::SetReadiness, token, request, out);
  }

  std::unique_ptr<v1::AssessmentService::Stub> stub_;
};

TEST_F(AssessmentsTest, ReadinessHasColoursAndHistory) {
  v1::Readiness readiness;
  ASSERT_TRUE(SetLevel(manager_, v1::READINESS_LEVEL_COLD, "Бюджет не утверждён", &readiness).ok());
  EXPECT_EQ(readiness.colour(), "#1E88E5");
  EXPECT_EQ(readiness.recorded_by(), "employees/" + manager_id_);
  now_micros_ = TimeUtil::TimestampToMicroseconds(At("2026-03-20T07:00:00Z"));
  ASSERT_TRUE(SetLevel(head_, v1::READINESS_LEVEL_HOT, "Согласуют угловой стенд", &readiness).ok());
  EXPECT_EQ(readiness.colour(), "#E53935");

  v1::GetReadinessRequest get;
  get.set_client(ClientName());
  get.set_edition(EditionName());
  v1::Readiness current;
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::GetReadiness, analyst_, get, &current).ok());
  EXPECT_EQ(current.level(), v1::READINESS_LEVEL_HOT);

  v1::ListReadinessHistoryRequest history;
  history.set_client(ClientName());
  history.set_page_size(1);
  v1::ListReadinessHistoryResponse page;
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::ListReadinessHistory, manager_, history, &page)
          .ok());
  ASSERT_EQ(page.changes_size(), 1);
  EXPECT_EQ(page.changes(0).level(), v1::READINESS_LEVEL_HOT);
  history.set_page_token(page.next_page_token());
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::ListReadinessHistory, manager_, history, &page)
          .ok());
  ASSERT_EQ(page.changes_size(), 1);
  EXPECT_EQ(page.changes(0).level(), v1::READINESS_LEVEL_COLD);
  EXPECT_TRUE(page.next_page_token().empty());

  auto events = testing::ReadStream(nats_url_, events::v1::kReadinessChanged, 2);
  ASSERT_EQ(events.size(), 2u);
  const auto changed = Parse<ev::ReadinessChanged>(events[1].data);
  EXPECT_EQ(changed.previous_level(), v1::READINESS_LEVEL_COLD);
  EXPECT_EQ(changed.readiness().level(), v1::READINESS_LEVEL_HOT);
}

TEST_F(AssessmentsTest, BadInputAndDeniedCallersChangeNothing) {
  v1::SetReadinessRequest bad;
  bad.set_client("clients/1");
  bad.set_edition("editions/2");
  v1::Readiness readiness;
  grpc::Status status =
      Call(*stub_, &v1::AssessmentService::Stub::SetReadiness, manager_, bad, &readiness);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("client", "edition", "level"));
  status = SetLevel(analyst_, v1::READINESS_LEVEL_WARM, "", &readiness);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::RecordRatingRequest rating;
  rating.set_client(ClientName());
  rating.mutable_rating()->set_target(v1::RATING_TARGET_MANAGER);
  rating.mutable_rating()->set_score(6);
  v1::Rating out;
  status = Call(*stub_, &v1::AssessmentService::Stub::RecordRating, manager_, rating, &out);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("rating.score", "rating.subject"));
  const std::string accountant =
      testing::TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kAccountant});
  v1::ListRatingsRequest list;
  list.set_client(ClientName());
  v1::ListRatingsResponse ratings;
  EXPECT_EQ(Call(*stub_, &v1::AssessmentService::Stub::ListRatings, accountant, list, &ratings)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("readiness_changes") + Count("ratings"), 0);
  EXPECT_EQ(Count("outbox", "subject LIKE 'crm.planning.r%'"), 0);
}

TEST_F(AssessmentsTest, LeadSourceAndRatingsAreRecordedWithWhoAndWhen) {
  v1::SetLeadSourceRequest source;
  source.set_client(ClientName());
  source.set_source(v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);
  source.set_detail("Посетители «СтройЭкспо-2025»");
  v1::LeadSource set;
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::SetLeadSource, manager_, source, &set).ok());
  EXPECT_EQ(set.source(), v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);
  EXPECT_EQ(set.recorded_by(), "employees/" + manager_id_);
  EXPECT_TRUE(set.has_record_time());
  // Registry owns the lead source: planning keeps none of its own, and answers from its copy of
  // the client once registry's client event brings the value.
  EXPECT_EQ(Count("lead_source_changes"), 0);
  v1::GetLeadSourceRequest get;
  get.set_client(ClientName());
  v1::LeadSource got;
  EXPECT_EQ(
      Call(*stub_, &v1::AssessmentService::Stub::GetLeadSource, analyst_, get, &got).error_code(),
      grpc::StatusCode::NOT_FOUND);
  const auto published = testing::ReadStream(nats_url_, events::v1::kLeadSourceSet, 1);
  ASSERT_EQ(published.size(), 1u);
  EXPECT_NE(published[0].data.find("Посетители «СтройЭкспо-2025»"), std::string::npos)
      << published[0].data;
  ev::ClientUpdated updated;
  auto* c = updated.mutable_client();
  c->set_client(ClientName());
  c->set_display_name("СтройМаш");
  c->set_legal_name("ООО «СтройМаш»");
  c->set_inn("7701234567");
  c->set_kpp("770101001");
  c->set_lead_source_kind("EXHIBITION_VISITOR");
  c->set_lead_source("Посетители «СтройЭкспо-2025»");
  testing::PublishEvent(nats_url_, events::v1::kClientUpdated, common::NewUuid(), updated,
                        ClientName());
  ASSERT_TRUE(testing::Eventually([&] {
    return Call(*stub_, &v1::AssessmentService::Stub::GetLeadSource, analyst_, get, &got).ok();
  }));
  EXPECT_EQ(got.source(), v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);
  EXPECT_EQ(got.detail(), "Посетители «СтройЭкспо-2025»");
  EXPECT_TRUE(got.has_record_time());

  // A detail registry could not keep is refused here, and nothing is published.
  source.set_detail("строка\nвторая");
  grpc::Status refused =
      Call(*stub_, &v1::AssessmentService::Stub::SetLeadSource, manager_, source, &set);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ViolatedFields(refused), std::vector<std::string>{"detail"});
  source.set_detail(std::string(501, 'x'));
  refused = Call(*stub_, &v1::AssessmentService::Stub::SetLeadSource, manager_, source, &set);
  EXPECT_EQ(testing::ViolatedFields(refused), std::vector<std::string>{"detail"});
  EXPECT_EQ(Count("outbox", "subject = 'crm.planning.lead_source.set'"), 1);

  v1::RecordRatingRequest rating;
  rating.set_client(ClientName());
  rating.mutable_rating()->set_target(v1::RATING_TARGET_MANAGER);
  rating.mutable_rating()->set_subject("employees/" + manager_id_);
  rating.mutable_rating()->set_score(5);
  rating.mutable_rating()->set_comment("Всё быстро и понятно");
  v1::Rating recorded;
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::RecordRating, head_, rating, &recorded).ok());
  rating.mutable_rating()->set_target(v1::RATING_TARGET_COMPANY);
  rating.mutable_rating()->clear_subject();
  rating.mutable_rating()->set_score(4);
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::RecordRating, head_, rating, &recorded).ok());
  EXPECT_EQ(recorded.recorded_by(), "employees/" + head_id_);

  v1::ListRatingsRequest list;
  list.set_client(ClientName());
  list.set_target(v1::RATING_TARGET_MANAGER);
  v1::ListRatingsResponse ratings;
  ASSERT_TRUE(
      Call(*stub_, &v1::AssessmentService::Stub::ListRatings, analyst_, list, &ratings).ok());
  ASSERT_EQ(ratings.ratings_size(), 1);
  EXPECT_EQ(ratings.ratings(0).score(), 5);
  EXPECT_EQ(ratings.ratings(0).subject(), "employees/" + manager_id_);

  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kRatingRecorded, 2).size(), 2u);
}

// What planning recorded before registry owned lead sources goes to registry once: each client's
// latest, with who set it and when, marked handed over in the same transaction.
TEST_F(AssessmentsTest, LeadSourcesRecordedBeforeRegistryOwnedThemAreHandedOverOnce) {
  {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    tx.exec0(
        "INSERT INTO lead_source_changes (id, client_id, source, detail, recorded_by, record_time) "
        "VALUES (gen_random_uuid(), '" +
        client_id_ + "', 'WEBSITE', '', 'employees/" + manager_id_ +
        "', '2025-01-10T09:00:00Z'), (gen_random_uuid(), '" + client_id_ +
        "', 'REFERRAL', 'партнёр', 'employees/" + head_id_ +
        "', '2025-02-10T09:00:00Z'), (gen_random_uuid(), '" + second_client_id_ +
        "', 'OUTBOUND', '', 'employees/" + manager_id_ + "', '2025-03-10T09:00:00Z')");
    tx.commit();
  }
  // Batches of one: the loop goes on until nothing is left.
  common::db::Pool pool(db_url_, 2, AllQueries());
  EXPECT_EQ(app::HandOverLeadSources(pool, 1), 2);
  EXPECT_EQ(app::HandOverLeadSources(pool, 1), 0);
  EXPECT_EQ(Count("lead_source_changes", "handed_over_at IS NULL"), 0);

  const auto published = testing::ReadStream(nats_url_, events::v1::kLeadSourceSet, 2);
  ASSERT_EQ(published.size(), 2u);
  std::vector<std::string> payloads;
  payloads.reserve(published.size());
  for (const auto& event : published) {
    payloads.push_back(event.data);
  }
  EXPECT_THAT(payloads,
              UnorderedElementsAre(::testing::AllOf(::testing::HasSubstr("REFERRAL"),
                                                    ::testing::HasSubstr("партнёр"),
                                                    ::testing::HasSubstr("employees/" + head_id_),
                                                    ::testing::HasSubstr("2025-02-10T09:00:00Z")),
                                   ::testing::AllOf(::testing::HasSubstr("OUTBOUND"),
                                                    ::testing::HasSubstr(second_client_id_))));
}

// The regression of any manager assessing any client: SetReadiness, SetLeadSource and
// RecordRating follow registry's rule for client writes, from planning's curators projection. A
// manager who does not curate the client is denied and writes nothing; the curator may; when the
// client is handed to another manager, or the term ends, the right goes with it; heads of sales
// and admins write for any client.
TEST_F(AssessmentsTest, OnlyTheClientsCuratorAmongManagersWritesAssessments) {
  using grpc::StatusCode;
  const std::vector<StatusCode> denied(3, StatusCode::PERMISSION_DENIED);
  const std::vector<StatusCode> ok(3, StatusCode::OK);
  EXPECT_EQ(WriteAll(other_manager_), denied);
  EXPECT_EQ(Written(), 0);
  EXPECT_EQ(Count("outbox", "subject LIKE 'crm.planning.r%' OR subject LIKE 'crm.planning.l%'"), 0);
  EXPECT_EQ(WriteAll(manager_), ok);
  EXPECT_EQ(Written(), 3);

  // Registry hands the client to the other manager.
  const std::string next = registry_events::PublishCuratorAssigned(
      nats_url_, client_id_, project_id_, other_manager_id_, "2026-03-02T07:00:00Z");
  ASSERT_TRUE(WaitForCurator(other_manager_id_));
  EXPECT_EQ(Count("curators", "NOT ended AND employee_id = '" + manager_id_ + "'"), 0);
  EXPECT_EQ(WriteAll(manager_), denied);
  EXPECT_EQ(WriteAll(other_manager_), ok);

  // The term ends without a successor: no manager writes; a head of sales and an admin still do.
  registry_events::PublishCuratorEnded(nats_url_, next, project_id_, other_manager_id_,
                                       "2026-03-02T07:00:00Z");
  ASSERT_TRUE(testing::Eventually([&] { return Count("curators", "NOT ended") == 0; }));
  EXPECT_EQ(WriteAll(other_manager_), denied);
  EXPECT_EQ(WriteAll(head_), ok);
  EXPECT_EQ(WriteAll(admin_), ok);
  EXPECT_EQ(Written(), 12);
}

}  // namespace
}  // namespace crm::planning::results_testing
