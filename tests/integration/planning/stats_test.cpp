// GetContactStats over real contacts, results and sales.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "crm/planning/v1/stats.grpc.pb.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

class StatsTest : public ResultsTest {
 protected:
  void SetUp() override {
    ResultsTest::SetUp();
    stub_ = v1::ContactStatsService::NewStub(server_->channel());
  }

  grpc::Status Stats(const std::string& token, const v1::GetContactStatsRequest& request,
                     v1::ContactStats* out) {
    return Call(*stub_, &v1::ContactStatsService::Stub::GetContactStats, token, request, out);
  }

  v1::CompleteContactResponse CompleteAt(const char* now, const std::string& token,
                                         const v1::Contact& contact,
                                         const v1::ContactResult& result) {
    now_micros_ = TimeUtil::TimestampToMicroseconds(At(now));
    v1::CompleteContactResponse response;
    const grpc::Status status = Complete(token, contact.name(), result, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static v1::ContactResult RescheduleTo(const char* time) {
    v1::ContactResult result;
    result.mutable_reschedule()->set_reason("Перезвонить после совещания");
    *result.mutable_reschedule()->mutable_new_time() = At(time);
    return result;
  }

  // The manager: client 1 rescheduled twice, then a sale 40 days after the first contact;
  // client 2 a refusal and a contact still planned. The other manager: an invitation.
  void Seed() {
    now_micros_ = TimeUtil::TimestampToMicroseconds(At("2026-02-20T07:00:00Z"));
    const v1::Contact first = PlanContact(manager_, client_id_, "2026-03-01T08:00:00Z");
    const v1::Contact refused = PlanContact(manager_, second_client_id_, "2026-03-05T08:00:00Z");
    PlanContact(manager_, second_client_id_, "2026-05-05T08:00:00Z");
    const v1::Contact invited = PlanContact(other_manager_, client_id_, "2026-03-07T08:00:00Z");

    const auto next =
        CompleteAt("2026-03-01T09:00:00Z", manager_, first, RescheduleTo("2026-03-25T08:00:00Z"));
    v1::ContactResult refusal;
    refusal.mutable_refusal()->set_reason(v1::REFUSAL_REASON_NO_BUDGET);
    CompleteAt("2026-03-05T09:00:00Z", manager_, refused, refusal);
    v1::ContactResult invitation;
    invitation.mutable_invitation()->add_visitors()->set_full_name("Смирнов Олег");
    CompleteAt("2026-03-07T09:00:00Z", other_manager_, invited, invitation);
    const auto last = CompleteAt("2026-03-25T09:00:00Z", manager_, next.next_contact(),
                                 RescheduleTo("2026-04-10T08:00:00Z"));
    v1::ContactResult sale;
    sale.mutable_sale()->set_area_dm2(1200);
    CompleteAt("2026-04-10T09:00:00Z", manager_, last.next_contact(), sale);
  }

  std::unique_ptr<v1::ContactStatsService::Stub> stub_;
};

TEST_F(StatsTest, ManagerFiguresByTypeResultEffectivenessReschedulesAndRelationships) {
  Seed();
  v1::ContactStats stats;
  ASSERT_TRUE(Stats(manager_, v1::GetContactStatsRequest{}, &stats).ok());
  // Own figures only: 3 planned by the manager + the 2 follow-ups the reschedules planned.
  EXPECT_EQ(stats.contacts(), 5);
  EXPECT_EQ(stats.completed(), 4);
  EXPECT_EQ(stats.planned(), 1);
  EXPECT_EQ(stats.positive(), 1);
  EXPECT_EQ(stats.effectiveness_bp(), 2500);
  ASSERT_EQ(stats.by_type_size(), 1);
  EXPECT_EQ(stats.by_type(0).type(), v1::CONTACT_TYPE_CALL);
  EXPECT_EQ(stats.by_type(0).completed(), 4);
  std::map<std::string, int64_t> kinds;
  for (const auto& k : stats.by_result_kind()) {
    kinds[k.result_kind()] = k.contacts();
  }
  EXPECT_EQ(kinds,
            (std::map<std::string, int64_t>{{"refusal", 1}, {"reschedule", 2}, {"sale", 1}}));
  ASSERT_EQ(stats.reschedules_size(), 1);
  EXPECT_EQ(stats.reschedules(0).client(), ClientName());
  EXPECT_EQ(stats.reschedules(0).reschedules(), 2);
  EXPECT_EQ(stats.total_reschedules(), 2);
  ASSERT_EQ(stats.relationships_size(), 2);
  // Client 1: first contact on 03-01, the sale on 04-10.
  EXPECT_EQ(stats.relationships(0).client(), ClientName());
  EXPECT_EQ(stats.relationships(0).days(), 40);
  EXPECT_EQ(stats.relationships(0).sales(), 1);
  EXPECT_EQ(stats.clients(), 2);

  // A period: March only.
  v1::GetContactStatsRequest march;
  *march.mutable_start_time() = At("2026-03-01T00:00:00Z");
  *march.mutable_end_time() = At("2026-04-01T00:00:00Z");
  ASSERT_TRUE(Stats(manager_, march, &stats).ok());
  EXPECT_EQ(stats.contacts(), 3);
}

TEST_F(StatsTest, HeadsSeeTheirDepartmentAnalystsEveryoneManagersOnlyThemselves) {
  Seed();
  v1::ContactStats stats;
  ASSERT_TRUE(Stats(head_, v1::GetContactStatsRequest{}, &stats).ok());
  EXPECT_EQ(stats.contacts(), 5);  // department 1 is the manager's
  ASSERT_TRUE(Stats(other_head_, v1::GetContactStatsRequest{}, &stats).ok());
  EXPECT_EQ(stats.contacts(), 1);
  EXPECT_EQ(stats.effectiveness_bp(), 10'000);
  ASSERT_TRUE(Stats(analyst_, v1::GetContactStatsRequest{}, &stats).ok());
  EXPECT_EQ(stats.contacts(), 6);
  v1::GetContactStatsRequest by_department;
  by_department.set_department(registry_events::DepartmentName("Отдел продаж 2"));
  ASSERT_TRUE(Stats(analyst_, by_department, &stats).ok());
  EXPECT_EQ(stats.contacts(), 1);

  v1::GetContactStatsRequest other;
  other.set_manager("employees/" + other_manager_id_);
  EXPECT_EQ(Stats(manager_, other, &stats).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Stats(head_, other, &stats).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Stats(head_, by_department, &stats).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const std::string accountant =
      testing::TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kAccountant});
  EXPECT_EQ(Stats(accountant, v1::GetContactStatsRequest{}, &stats).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::GetContactStatsRequest bad;
  bad.set_manager("managers/1");
  bad.set_edition("editions/2");
  *bad.mutable_start_time() = At("2026-04-01T00:00:00Z");
  *bad.mutable_end_time() = At("2026-03-01T00:00:00Z");
  bad.set_client_limit(501);
  EXPECT_THAT(testing::ViolatedFields(Stats(analyst_, bad, &stats)),
              ::testing::UnorderedElementsAre("manager", "edition", "end_time", "client_limit"));
}

}  // namespace
}  // namespace crm::planning::results_testing
