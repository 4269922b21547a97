// A sale recorded, amended or cancelled in planning keeps the client's participation in the
// edition current in registry: the events arrive over a real nats-server and registry's own
// consumer applies them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"
#include "tests/support/eventually.h"

namespace crm::registry::integration {
namespace {

using crm::testing::Eventually;
using crm::testing::PublishOptions;
using Exhibitions = v1::ExhibitionService::Stub;

class SaleParticipationTest : public OrgTest {
 protected:
  bool ReadsTheStream() const override { return true; }

  void SetUp() override {
    OrgTest::SetUp();
    client_ = MustCreateClient(SberClient());
    const v1::Project project = MustCreateProject("Волга-Строй");
    edition_ = MustCreateEdition(project.name(), "Волга-Строй 2027", 2027);
  }

  events::v1::SaleRecorded Sale(const std::string& sale_id, int64_t area_dm2) const {
    events::v1::SaleRecorded sale;
    sale.set_sale("sales/" + sale_id);
    sale.mutable_client()->set_client(client_.name());
    sale.mutable_edition()->set_edition(edition_.name());
    sale.set_area_dm2(area_dm2);
    sale.set_state("ACTIVE");
    sale.mutable_sale_time()->set_seconds(1'800'000'000);
    return sale;
  }

  // Publishes as planning's relay does, with ce-time `time` (RFC 3339).
  void Recorded(const events::v1::SaleRecorded& sale, const std::string& time) {
    crm::testing::PublishEvent(nats_url_, events::v1::kSaleRecorded, common::NewUuid(), sale,
                               PublishOptions{sale.sale(), "", time});
  }
  void Amended(const events::v1::SaleRecorded& now, const std::string& time) {
    events::v1::SaleAmended amended;
    *amended.mutable_sale() = now;
    amended.add_changed_fields("area_dm2");
    crm::testing::PublishEvent(nats_url_, events::v1::kSaleAmended, common::NewUuid(), amended,
                               PublishOptions{now.sale(), "", time});
  }
  void Cancelled(events::v1::SaleRecorded sale, const std::string& time) {
    events::v1::SaleCancelled cancelled;
    sale.set_state("CANCELLED");
    *cancelled.mutable_sale() = sale;
    cancelled.set_reason("отказ клиента");
    crm::testing::PublishEvent(nats_url_, events::v1::kSaleCancelled, common::NewUuid(), cancelled,
                               PublishOptions{sale.sale(), "", time});
  }

  // The client's participations, as an analyst lists them.
  std::vector<v1::Participation> Participations() {
    v1::ListParticipationsRequest request;
    request.set_parent(client_.name());
    v1::ListParticipationsResponse response;
    const grpc::Status status =
        CallOn(*exhibitions_, &Exhibitions::ListParticipations, request, &response, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.participations().begin(), response.participations().end()};
  }

  // Waits until the client's participation in the edition has `area_dm2` (0: none at all).
  bool ParticipatesWith(int64_t area_dm2) {
    return Eventually([&] {
      const auto all = Participations();
      if (area_dm2 == 0) {
        return all.empty();
      }
      return all.size() == 1 && all[0].edition() == edition_.name() &&
             all[0].area_dm2() == area_dm2;
    });
  }

  v1::Client client_;
  v1::Edition edition_;
};

TEST_F(SaleParticipationTest, SalesMakeTheParticipationAndItsAreaFollowsThem) {
  const std::string first = common::NewUuid();
  const std::string second = common::NewUuid();
  Recorded(Sale(first, 1200), "2027-01-10T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(1200));
  EXPECT_EQ(Participations()[0].year(), 2027);
  EXPECT_EQ(LastEvent(events::v1::kParticipationRecorded).participation().area_dm2(), 1200);

  // A second stand for the same client and edition: one participation, both areas.
  Recorded(Sale(second, 900), "2027-01-11T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(2100));
  const auto updated = LastEvent(events::v1::kParticipationUpdated);
  EXPECT_EQ(updated.participation().area_dm2(), 2100);
  EXPECT_EQ(updated.previous_area_dm2(), 1200);

  Amended(Sale(first, 1500), "2027-01-12T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(2400));

  Cancelled(Sale(second, 900), "2027-01-13T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(1500));
  Cancelled(Sale(first, 1500), "2027-01-14T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(0));
  EXPECT_EQ(EventCount(events::v1::kParticipationRecorded), 1);
  EXPECT_EQ(EventCount(events::v1::kParticipationDeleted), 1);
}

TEST_F(SaleParticipationTest, AnOlderEventDoesNotUndoANewerOne) {
  const std::string sale = common::NewUuid();
  // The cancellation is delivered first; the recording it follows arrives late.
  Cancelled(Sale(sale, 1200), "2027-01-12T10:00:00Z");
  Recorded(Sale(sale, 1200), "2027-01-10T10:00:00Z");
  // A later sale shows both were handled: only its area counts.
  Recorded(Sale(common::NewUuid(), 700), "2027-01-13T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(700));
  EXPECT_EQ(CountWhere("SELECT count(*) FROM participation_sales"), 2);
}

TEST_F(SaleParticipationTest, AParticipationAnAnalystEnteredStaysWhenTheSalesGo) {
  v1::CreateParticipationRequest request;
  request.set_parent(client_.name());
  request.mutable_participation()->set_edition(edition_.name());
  request.mutable_participation()->set_area_dm2(500);
  v1::Participation entered;
  ASSERT_TRUE(
      CallOn(*exhibitions_, &Exhibitions::CreateParticipation, request, &entered, analyst()).ok());

  const std::string sale = common::NewUuid();
  Recorded(Sale(sale, 1800), "2027-01-10T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(1800));
  EXPECT_EQ(Participations()[0].name(), entered.name());
  Cancelled(Sale(sale, 1800), "2027-01-11T10:00:00Z");
  // The cancellation is applied (its row is inactive) and the analyst's record is still there.
  ASSERT_TRUE(Eventually([&] {
    return CountWhere("SELECT count(*) FROM participation_sales WHERE NOT active") == 1;
  }));
  const auto all = Participations();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name(), entered.name());
  EXPECT_EQ(EventCount(events::v1::kParticipationDeleted), 0);
}

TEST_F(SaleParticipationTest, ASaleForAClientRegistryDoesNotKnowIsSetAside) {
  events::v1::SaleRecorded stranger = Sale(common::NewUuid(), 1000);
  stranger.mutable_client()->set_client("clients/" + common::NewUuid());
  Recorded(stranger, "2027-01-10T10:00:00Z");
  // The poison event does not block the sale after it.
  Recorded(Sale(common::NewUuid(), 600), "2027-01-11T10:00:00Z");
  ASSERT_TRUE(ParticipatesWith(600));
  EXPECT_EQ(CountWhere("SELECT count(*) FROM participation_sales"), 1);
}

}  // namespace
}  // namespace crm::registry::integration
