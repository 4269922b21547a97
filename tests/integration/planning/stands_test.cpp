// The stand inventory of an edition: floor plans imported from CSV and xlsx, stands held,
// reserved by sales in the sale's own transaction, moved by amendments, freed by cancellations,
// the sales board, prices from the price list, and the approval of a discount beyond the
// edition's limit — against the whole planning service on a real PostgreSQL and nats-server.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <thread>

#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "services/planning/app/hold_expiry.h"
#include "tests/integration/planning/results_fixture.h"
#include "tests/support/xlsx_writer.h"

namespace crm::planning::results_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// A floor plan as an organiser's CAD export gives it: Russian headers, ';' between fields, area
// with a decimal comma, open sides left out for the type's default.
constexpr char kFloorPlan[] =
    "Номер;Зал;Тип;Площадь, м²;Открытых сторон\r\n"
    "A-1;Павильон 1;линейный;12;\r\n"
    "A-2;Павильон 1;угловой;18,5;2\r\n"
    "B-1;Павильон 2;остров;36;\r\n"
    "B-2;Павильон 2;полуостров;24;3\r\n";

class StandsTest : public ResultsTest {
 protected:
  void SetUp() override {
    ResultsTest::SetUp();
    stand_stub_ = v1::StandService::NewStub(server_->channel());
    // The edition's price list as registry's edition.updated leaves it in planning's copy:
    // corner stands 9 000,00 and islands 10 000,00 a m²; the rest at the base 8 000,00.
    Sql("INSERT INTO edition_stand_prices VALUES ('" + edition_id_ + "', 'CORNER', 900000), ('" +
        edition_id_ + "', 'ISLAND', 1000000)");
  }

  void Sql(const std::string& statement) {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    tx.exec0(statement);
    tx.commit();
  }

  grpc::Status Import(const std::string& token, const std::string& content,
                      v1::ImportStandsResponse* out, bool validate_only = false) {
    v1::ImportStandsRequest request;
    request.set_parent(EditionName());
    request.set_content(content);
    request.set_validate_only(validate_only);
    return Call(*stand_stub_, &v1::StandService::Stub::ImportStands, token, request, out);
  }

  void ImportFloorPlan() {
    v1::ImportStandsResponse response;
    const grpc::Status status = Import(head_, kFloorPlan, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.created(), 4);
  }

  std::vector<v1::Stand> Stands(v1::StandStatus status = v1::STAND_STATUS_UNSPECIFIED) {
    v1::ListStandsRequest request;
    request.set_parent(EditionName());
    request.set_status(status);
    v1::ListStandsResponse response;
    const grpc::Status result =
        Call(*stand_stub_, &v1::StandService::Stub::ListStands, analyst_, request, &response);
    EXPECT_TRUE(result.ok()) << result.error_message();
    return {response.stands().begin(), response.stands().end()};
  }

  v1::Stand Stand(const std::string& number) {
    for (const auto& stand : Stands()) {
      if (stand.number() == number) {
        return stand;
      }
    }
    ADD_FAILURE() << "no stand " << number;
    return {};
  }

  // A contact of the manager (or `token`'s) with `client`, completed with a sale of `number`.
  grpc::Status SellStand(const std::string& token, const std::string& client,
                         const std::string& number, v1::CompleteContactResponse* out,
                         const v1::SaleOutcome& extra = {}) {
    const v1::Contact contact = PlanContact(token, client);
    v1::ContactResult result;
    *result.mutable_sale() = extra;
    result.mutable_sale()->set_stand_number(number);
    return Complete(token, contact.name(), result, out);
  }

  grpc::Status Hold(const std::string& token, const std::string& stand, const std::string& client,
                    int64_t seconds, v1::Stand* out) {
    v1::HoldStandRequest request;
    request.set_name(stand);
    request.set_client("clients/" + client);
    if (seconds > 0) {
      request.mutable_duration()->set_seconds(seconds);
    }
    request.set_note("Ждём согласования бюджета");
    return Call(*stand_stub_, &v1::StandService::Stub::HoldStand, token, request, out);
  }

  int64_t Outbox(const std::string& subject, const std::string& where = "true") {
    return Count("outbox", "subject = '" + subject + "' AND " + where);
  }

  std::unique_ptr<v1::StandService::Stub> stand_stub_;
};

TEST_F(StandsTest, FloorPlanImportsFromCsvAndReimportsByNumber) {
  ImportFloorPlan();
  const auto stands = Stands();
  ASSERT_EQ(stands.size(), 4u);
  EXPECT_EQ(stands[1].number(), "A-2");
  EXPECT_EQ(stands[1].hall(), "Павильон 1");
  EXPECT_EQ(stands[1].stand_type(), v1::STAND_TYPE_CORNER);
  EXPECT_EQ(stands[1].area_dm2(), 1850);
  EXPECT_EQ(stands[1].open_sides(), 2);
  EXPECT_EQ(stands[1].status(), v1::STAND_STATUS_FREE);
  // Priced from the list by type: 18,5 m² × 9 000,00.
  EXPECT_EQ(stands[1].list_price_per_m2().minor_units(), 900'000);
  EXPECT_EQ(stands[1].list_amount().minor_units(), 16'650'000);
  EXPECT_EQ(stands[0].open_sides(), 1);  // linear, by default
  EXPECT_EQ(stands[0].list_price_per_m2().minor_units(), 800'000);
  EXPECT_EQ(stands[2].open_sides(), 4);  // island

  // The same plan again with one stand enlarged, numbers typed differently: one update.
  v1::ImportStandsResponse response;
  const std::string again =
      "number,hall,type,area\n"
      "a-1,Павильон 1,linear,12\n"
      "А-2,Павильон 1,corner,20\n"  // Cyrillic А: the same stand A-2
      "B-1,Павильон 2,island,36\n";
  // Checked first without changing anything.
  ASSERT_TRUE(Import(head_, again, &response, true).ok());
  EXPECT_EQ(response.updated(), 2);  // A-2's area, A-1's number as written
  EXPECT_EQ(Stand("A-2").area_dm2(), 1850);
  ASSERT_TRUE(Import(head_, again, &response).ok());
  EXPECT_EQ(response.created(), 0);
  EXPECT_EQ(response.updated(), 2);
  EXPECT_EQ(response.unchanged(), 1);
  EXPECT_EQ(Stand("А-2").area_dm2(), 2000);
  EXPECT_EQ(Count("stands"), 4);
}

TEST_F(StandsTest, FloorPlanImportsFromXlsx) {
  const std::string bytes =
      crm::testing::XlsxOf({{"№ стенда", "Павильон", "Тип стенда", "Площадь, м2"},
                            {"C-10", "Открытая площадка", "открытая площадка", 120.25}});

  v1::ImportStandsResponse response;
  const grpc::Status status = Import(head_, bytes, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.created(), 1);
  const v1::Stand stand = Stand("C-10");
  EXPECT_EQ(stand.stand_type(), v1::STAND_TYPE_OPEN_AREA);
  EXPECT_EQ(stand.area_dm2(), 12025);
  EXPECT_EQ(stand.open_sides(), 4);
}

TEST_F(StandsTest, BadFloorPlanChangesNothingAndNamesEveryRow) {
  v1::ImportStandsResponse response;
  const std::string bad =
      "Номер;Тип;Площадь\n"
      "A-1;линейный;12\n"
      "A-2;шатёр;18\n"
      "A-3;угловой;-5\n"
      "a1;угловой;9,125\n";
  grpc::Status status = Import(head_, bad, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("row 3"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 4"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 5"));
  EXPECT_EQ(Count("stands"), 0);

  // A file with no area column, an unreadable workbook, no parent.
  status = Import(head_, "Номер;Тип\nA-1;линейный\n", &response);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("content"));
  status = Import(head_, std::string("PK\x03\x04garbage", 11), &response);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("content"));
  v1::ImportStandsRequest request;
  request.set_content(kFloorPlan);
  status = Call(*stand_stub_, &v1::StandService::Stub::ImportStands, head_, request, &response);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("parent"));

  // Managers and analysts do not keep the floor plan; nor does a caller without a CRM role.
  EXPECT_EQ(Import(manager_, kFloorPlan, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Import(analyst_, kFloorPlan, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Import(testing::TokenFor("employees/" + common::NewUuid(), {}), kFloorPlan, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("stands"), 0);
}

TEST_F(StandsTest, ThirtyTwoManagersRacingForOneStandLeaveOneSale) {
  ImportFloorPlan();
  constexpr int kRacers = 32;
  std::vector<v1::Contact> contacts;
  contacts.reserve(kRacers);
  for (int i = 0; i < kRacers; ++i) {
    contacts.push_back(PlanContact(manager_, i % 2 == 0 ? client_id_ : second_client_id_));
  }
  std::vector<grpc::Status> statuses(kRacers);
  std::vector<v1::CompleteContactResponse> responses(kRacers);
  std::vector<std::thread> racers;
  racers.reserve(kRacers);
  std::atomic<bool> go{false};
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&, i] {
      while (!go) {
        std::this_thread::yield();
      }
      v1::ContactResult result;
      result.mutable_sale()->set_stand_number("B-1");
      statuses[i] = Complete(manager_, contacts[i].name(), result, &responses[i]);
    });
  }
  go = true;
  for (auto& racer : racers) {
    racer.join();
  }
  int won = -1;
  for (int i = 0; i < kRacers; ++i) {
    if (statuses[i].ok()) {
      ASSERT_EQ(won, -1) << "two sales took stand B-1";
      won = i;
    }
  }
  ASSERT_NE(won, -1) << statuses[0].error_message();
  const std::string sale = responses[won].sale().name();
  for (int i = 0; i < kRacers; ++i) {
    if (i == won) {
      continue;
    }
    EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(ErrorReason(statuses[i]), "STAND_SOLD");
    EXPECT_THAT(statuses[i].error_message(), HasSubstr(sale));
    EXPECT_THAT(testing::PreconditionSubjects(statuses[i]), ElementsAre(sale));
  }
  EXPECT_EQ(Count("sales"), 1);
  EXPECT_EQ(Count("contacts", "state = 'COMPLETED'"), 1);
  const v1::Stand stand = Stand("B-1");
  EXPECT_EQ(stand.status(), v1::STAND_STATUS_SOLD);
  EXPECT_EQ(stand.sale(), sale);
  // The sale took the stand's area and type and the island price: 36 m² × 10 000,00.
  EXPECT_EQ(responses[won].sale().area_dm2(), 3600);
  EXPECT_EQ(responses[won].sale().stand_type(), v1::STAND_TYPE_ISLAND);
  EXPECT_EQ(responses[won].sale().list_price_per_m2().minor_units(), 1'000'000);
  EXPECT_EQ(responses[won].sale().space_amount().minor_units(), 36'000'000);
  EXPECT_EQ(responses[won].sale().stand(), stand.name());
  EXPECT_EQ(Outbox("crm.planning.stand.sold"), 1);
}

TEST_F(StandsTest, HoldsKeepAStandForOneClientAndExpireByThemselves) {
  ImportFloorPlan();
  const v1::Stand a2 = Stand("A-2");
  v1::Stand held;
  ASSERT_TRUE(Hold(manager_, a2.name(), client_id_, 3600, &held).ok());
  EXPECT_EQ(held.status(), v1::STAND_STATUS_HELD);
  EXPECT_EQ(held.hold().client(), ClientName());
  EXPECT_EQ(held.hold().held_by(), "employees/" + manager_id_);
  EXPECT_EQ(Outbox("crm.planning.stand.held"), 1);
  // Visible to everyone, and nobody else can hold it or sell it to another client.
  EXPECT_EQ(Stands(v1::STAND_STATUS_HELD).size(), 1u);
  v1::Stand ignored;
  grpc::Status status = Hold(other_manager_, a2.name(), second_client_id_, 0, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::CompleteContactResponse sold;
  status = SellStand(other_manager_, second_client_id_, "A-2", &sold);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "STAND_HELD");
  // Another manager may not release it; the holder's head may not be bypassed by a stranger.
  v1::ReleaseStandRequest release;
  release.set_name(a2.name());
  status =
      Call(*stand_stub_, &v1::StandService::Stub::ReleaseStand, other_manager_, release, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Bad input: a hold longer than the policy's 14 days, an unknown client.
  status = Hold(manager_, Stand("A-1").name(), common::NewUuid(), 30 * 24 * 3600, &ignored);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("client", "duration"));

  // The hold expires by itself: at once for readers, and the worker releases it with an event.
  const v1::Stand a1 = Stand("A-1");
  ASSERT_TRUE(Hold(manager_, a1.name(), second_client_id_, 60, &held).ok());
  now_micros_ += 61LL * 1'000'000;
  EXPECT_EQ(Stand("A-1").status(), v1::STAND_STATUS_FREE);
  app::HoldExpiry expiry(server_->pool(), [this] {
    return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now_micros_.load());
  });
  EXPECT_TRUE(testing::Eventually([&] {
    expiry.ReleaseExpired();
    return Outbox("crm.planning.stand.released", "payload::text LIKE '%hold_expired%'") == 1;
  }));
  EXPECT_EQ(Count("stands", "status = 'held'"), 1);  // A-2's hour is not over

  // The client it is held for buys it: the hold turns into the sale.
  ASSERT_TRUE(SellStand(manager_, client_id_, "A-2", &sold).ok());
  EXPECT_EQ(Stand("A-2").status(), v1::STAND_STATUS_SOLD);
  EXPECT_EQ(Outbox("crm.planning.stand.sold"), 1);

  // Once registry closes the edition, it takes no more holds.
  Sql("UPDATE editions SET status = 'closed' WHERE id = '" + edition_id_ + "'");
  status = Hold(manager_, Stand("B-1").name(), client_id_, 0, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "EDITION_CLOSED");
}

TEST_F(StandsTest, AmendmentsMoveTheSaleAndCancellationFreesTheStand) {
  ImportFloorPlan();
  v1::CompleteContactResponse sold;
  ASSERT_TRUE(SellStand(manager_, client_id_, "A-1", &sold).ok());
  EXPECT_EQ(sold.sale().space_amount().minor_units(), 9'600'000);  // 12 m² × 8 000,00

  // To a stand another sale has: refused, nothing moves.
  v1::CompleteContactResponse other;
  ASSERT_TRUE(SellStand(manager_, second_client_id_, "B-2", &other).ok());
  v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sold.sale().name());
  amend.mutable_sale()->set_etag(sold.sale().etag());
  amend.mutable_sale()->set_stand_number("B-2");
  amend.mutable_update_mask()->add_paths("stand_number");
  amend.set_reason("Клиент хочет стенд у входа");
  v1::Sale amended;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr(other.sale().name()));
  // A number not on the floor plan.
  amend.mutable_sale()->set_stand_number("Z-99");
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("sale.stand_number"));

  // To a free corner stand: its area, type and price come with it.
  amend.mutable_sale()->set_stand_number("A-2");
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(amended.stand_number(), "A-2");
  EXPECT_EQ(amended.area_dm2(), 1850);
  EXPECT_EQ(amended.stand_type(), v1::STAND_TYPE_CORNER);
  EXPECT_EQ(amended.space_amount().minor_units(), 16'650'000);
  EXPECT_EQ(Stand("A-1").status(), v1::STAND_STATUS_FREE);
  EXPECT_EQ(Stand("A-2").sale(), sold.sale().name());
  EXPECT_EQ(Outbox("crm.planning.stand.released", "payload::text LIKE '%sale_moved%'"), 1);
  // The sale's history shows the move: the stand, its number, area, type and amounts.
  v1::ListSaleHistoryRequest history_request;
  history_request.set_name(amended.name());
  v1::ListSaleHistoryResponse history;
  ASSERT_TRUE(Call(*sales_stub_, &v1::SaleService::Stub::ListSaleHistory, manager_, history_request,
                   &history)
                  .ok());
  ASSERT_EQ(history.versions_size(), 2);
  std::map<std::string, std::pair<std::string, std::string>> moved;
  for (const auto& change : history.versions(0).field_changes()) {
    moved[change.field()] = {change.before(), change.after()};
  }
  EXPECT_EQ(history.versions(0).change(), "amended");
  EXPECT_EQ(history.versions(0).comment(), "Клиент хочет стенд у входа");
  EXPECT_EQ(moved["stand_number"], std::make_pair(std::string("\"A-1\""), std::string("\"A-2\"")));
  EXPECT_EQ(moved["stand"].second, "\"" + Stand("A-2").name() + "\"");
  EXPECT_EQ(moved["stand_type"].second, "\"STAND_TYPE_CORNER\"");
  EXPECT_TRUE(moved.contains("area_dm2"));
  EXPECT_TRUE(moved.contains("total_amount"));

  // Cancelled: the stand is free again.
  v1::CancelSaleRequest cancel;
  cancel.set_name(amended.name());
  cancel.set_etag(amended.etag());
  cancel.set_reason("Клиент отказался от участия");
  v1::Sale cancelled;
  ASSERT_TRUE(
      Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, manager_, cancel, &cancelled).ok());
  EXPECT_EQ(Stand("A-2").status(), v1::STAND_STATUS_FREE);
  EXPECT_EQ(Outbox("crm.planning.stand.released", "payload::text LIKE '%sale_cancelled%'"), 1);
  ASSERT_TRUE(SellStand(other_manager_, second_client_id_, "A-2", &sold).ok());
}

TEST_F(StandsTest, DiscountBeyondTheLimitWaitsForAHeadOfSales) {
  ImportFloorPlan();
  // 12 m² at 1,00 a m² instead of 8 000,00: far beyond the 10% limit.
  v1::SaleOutcome cheap;
  cheap.mutable_price_per_m2()->set_minor_units(100);
  cheap.set_price_override_reason("Свой человек");
  v1::CompleteContactResponse sold;
  ASSERT_TRUE(SellStand(manager_, client_id_, "A-1", &sold, cheap).ok());
  const v1::Sale pending = sold.sale();
  EXPECT_EQ(pending.state(), v1::SALE_STATE_PENDING_APPROVAL);
  EXPECT_TRUE(pending.approval().required());
  EXPECT_EQ(pending.approval().max_discount_bp(), 1000);
  EXPECT_GT(pending.approval().discount_bp(), 9900);
  // The stand is reserved, but the sale does not count.
  EXPECT_EQ(Stand("A-1").status(), v1::STAND_STATUS_SOLD);
  EXPECT_EQ(Outbox("crm.planning.sale.recorded"), 0);

  v1::ApproveSaleRequest approve;
  approve.set_name(pending.name());
  approve.set_etag(pending.etag());
  v1::Sale approved;
  // The manager cannot approve it, nor a head of another department; bad input is refused.
  EXPECT_EQ(Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, manager_, approve, &approved)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, other_head_, approve, &approved)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ApproveSaleRequest bad;
  bad.set_name("sales/nope");
  EXPECT_THAT(testing::ViolatedFields(
                  Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, head_, bad, &approved)),
              UnorderedElementsAre("name", "etag"));
  EXPECT_EQ(Outbox("crm.planning.sale.recorded"), 0);

  const grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, head_, approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.state(), v1::SALE_STATE_ACTIVE);
  EXPECT_EQ(approved.approval().approver(), "employees/" + head_id_);
  EXPECT_TRUE(approved.approval().has_approve_time());
  EXPECT_EQ(Outbox("crm.planning.sale.recorded"), 1);
  // Approving twice: it already counts.
  approve.set_etag(approved.etag());
  EXPECT_EQ(Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, head_, approve, &approved)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(StandsTest, ManagerCannotAmendAnActiveSaleBelowTheLimitButARejectedSaleFreesItsStand) {
  ImportFloorPlan();
  v1::CompleteContactResponse sold;
  ASSERT_TRUE(SellStand(manager_, client_id_, "A-1", &sold).ok());
  ASSERT_EQ(sold.sale().state(), v1::SALE_STATE_ACTIVE);

  // 1 kopeck a m² on a sale that counts: refused, nothing changes.
  v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sold.sale().name());
  amend.mutable_sale()->set_etag(sold.sale().etag());
  amend.mutable_sale()->mutable_price_per_m2()->set_minor_units(1);
  amend.mutable_sale()->set_price_override_reason("Ошибка");
  amend.mutable_update_mask()->add_paths("price_per_m2");
  v1::Sale amended;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "DISCOUNT_NEEDS_APPROVAL");
  EXPECT_EQ(Count("sales", "price_per_m2 = 800000"), 1);
  // Within the limit (5%), the manager may.
  amend.mutable_sale()->mutable_price_per_m2()->set_minor_units(760'000);
  amend.mutable_sale()->set_price_override_reason("Скидка за раннее бронирование");
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(amended.approval().discount_bp(), 500);
  EXPECT_FALSE(amended.approval().required());

  // A head of sales raises the limit for the edition; a manager may not; bad values are refused.
  v1::UpdateSalesPolicyRequest policy;
  policy.mutable_sales_policy()->set_name(EditionName() + "/salesPolicy");
  policy.mutable_sales_policy()->set_etag("0");
  policy.mutable_sales_policy()->set_max_discount_bp(20000);
  policy.mutable_update_mask()->add_paths("max_discount_bp");
  v1::SalesPolicy updated;
  status = Call(*stand_stub_, &v1::StandService::Stub::UpdateSalesPolicy, head_, policy, &updated);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("sales_policy.max_discount_bp"));
  policy.mutable_sales_policy()->set_max_discount_bp(2500);
  status =
      Call(*stand_stub_, &v1::StandService::Stub::UpdateSalesPolicy, manager_, policy, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = Call(*stand_stub_, &v1::StandService::Stub::UpdateSalesPolicy, head_, policy, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.max_discount_bp(), 2500);

  // 30% off on another stand waits; the head rejects it and the stand is free again.
  v1::SaleOutcome deep;
  deep.mutable_discount()->set_percent_bp(3000);
  deep.mutable_discount()->set_reason("Бартер");
  ASSERT_TRUE(SellStand(manager_, second_client_id_, "B-2", &sold, deep).ok());
  ASSERT_EQ(sold.sale().state(), v1::SALE_STATE_PENDING_APPROVAL);
  v1::RejectSaleRequest reject;
  reject.set_name(sold.sale().name());
  reject.set_etag(sold.sale().etag());
  reject.set_reason("Бартер не согласован");
  v1::Sale rejected;
  status = Call(*sales_stub_, &v1::SaleService::Stub::RejectSale, head_, reject, &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rejected.state(), v1::SALE_STATE_CANCELLED);
  EXPECT_EQ(Stand("B-2").status(), v1::STAND_STATUS_FREE);
  EXPECT_EQ(Outbox("crm.planning.stand.released", "payload::text LIKE '%sale_rejected%'"), 1);
  EXPECT_EQ(Outbox("crm.planning.sale.cancelled"), 0);
}

TEST_F(StandsTest, SalesBoardCountsByStatusAndTypeAndListsFreeStandsWithPrices) {
  ImportFloorPlan();
  v1::CompleteContactResponse sold;
  ASSERT_TRUE(SellStand(manager_, client_id_, "B-1", &sold).ok());
  v1::Stand blocked;
  v1::BlockStandRequest block;
  block.set_name(Stand("B-2").name());
  block.set_reason("Колонна мешает застройке");
  // Only keepers of the floor plan block; a reason is required.
  EXPECT_EQ(Call(*stand_stub_, &v1::StandService::Stub::BlockStand, manager_, block, &blocked)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::BlockStandRequest no_reason = block;
  no_reason.clear_reason();
  EXPECT_THAT(testing::ViolatedFields(Call(*stand_stub_, &v1::StandService::Stub::BlockStand, head_,
                                           no_reason, &blocked)),
              ElementsAre("reason"));
  ASSERT_TRUE(Call(*stand_stub_, &v1::StandService::Stub::BlockStand, head_, block, &blocked).ok());
  EXPECT_EQ(blocked.status(), v1::STAND_STATUS_BLOCKED);

  v1::GetSalesBoardRequest request;
  request.set_edition(EditionName());
  v1::SalesBoard board;
  ASSERT_TRUE(
      Call(*stand_stub_, &v1::StandService::Stub::GetSalesBoard, manager_, request, &board).ok());
  ASSERT_EQ(board.totals_size(), 3);  // blocked, free, sold
  EXPECT_EQ(board.totals(0).status(), v1::STAND_STATUS_BLOCKED);
  EXPECT_EQ(board.totals(1).status(), v1::STAND_STATUS_FREE);
  EXPECT_EQ(board.totals(1).stands(), 2);
  EXPECT_EQ(board.totals(1).area_dm2(), 3050);
  // A-1 at 96 000,00 and A-2 at 166 500,00.
  EXPECT_EQ(board.totals(1).list_amount().minor_units(), 26'250'000);
  EXPECT_EQ(board.totals(2).status(), v1::STAND_STATUS_SOLD);
  EXPECT_EQ(board.totals(2).area_dm2(), 3600);
  EXPECT_EQ(board.cells_size(), 4);
  // The free corner stand's cell carries the corner price.
  EXPECT_EQ(board.cells(1).status(), v1::STAND_STATUS_FREE);
  EXPECT_EQ(board.cells(1).stand_type(), v1::STAND_TYPE_CORNER);
  EXPECT_EQ(board.cells(1).list_price_per_m2().minor_units(), 900'000);
  ASSERT_EQ(board.free_stands_size(), 2);
  EXPECT_EQ(board.free_stands(0).number(), "A-1");
  EXPECT_EQ(EditionName() + "/stands/" + board.free_stands(0).stand_id(), Stand("A-1").name());
  EXPECT_EQ(board.free_stands(1).list_amount().minor_units(), 16'650'000);

  // Unblocked, it is free again; an edition nobody knows is not found.
  v1::UnblockStandRequest unblock;
  unblock.set_name(blocked.name());
  ASSERT_TRUE(
      Call(*stand_stub_, &v1::StandService::Stub::UnblockStand, head_, unblock, &blocked).ok());
  EXPECT_EQ(blocked.status(), v1::STAND_STATUS_FREE);
  request.set_edition("projects/" + project_id_ + "/editions/" + common::NewUuid());
  EXPECT_EQ(Call(*stand_stub_, &v1::StandService::Stub::GetSalesBoard, manager_, request, &board)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(StandsTest, StandEditsKeepTheTypeAndAreaOfAStandInUse) {
  ImportFloorPlan();
  v1::CompleteContactResponse sold;
  ASSERT_TRUE(SellStand(manager_, client_id_, "A-1", &sold).ok());
  const v1::Stand a1 = Stand("A-1");
  v1::UpdateStandRequest update;
  *update.mutable_stand() = a1;
  update.mutable_stand()->set_area_dm2(1500);
  update.mutable_stand()->set_hall("Павильон 1, второй этаж");
  update.mutable_update_mask()->add_paths("area_dm2");
  v1::Stand updated;
  grpc::Status status =
      Call(*stand_stub_, &v1::StandService::Stub::UpdateStand, head_, update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  update.mutable_update_mask()->clear_paths();
  update.mutable_update_mask()->add_paths("hall");
  status = Call(*stand_stub_, &v1::StandService::Stub::UpdateStand, head_, update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.hall(), "Павильон 1, второй этаж");
  // The old etag, the number, a manager: refused.
  status = Call(*stand_stub_, &v1::StandService::Stub::UpdateStand, head_, update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  update.mutable_update_mask()->add_paths("number");
  EXPECT_THAT(testing::ViolatedFields(Call(*stand_stub_, &v1::StandService::Stub::UpdateStand,
                                           head_, update, &updated)),
              ElementsAre("update_mask"));
  EXPECT_EQ(Call(*stand_stub_, &v1::StandService::Stub::UpdateStand, manager_, update, &updated)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(StandsTest, GetStandAndGetSalesPolicyReadWhatIsStored) {
  ImportFloorPlan();
  const std::string nobody = testing::TokenFor("employees/" + common::NewUuid(), {});
  const v1::Stand listed = Stand("A-2");
  v1::GetStandRequest get;
  get.set_name(listed.name());
  v1::Stand stand;
  ASSERT_TRUE(Call(*stand_stub_, &v1::StandService::Stub::GetStand, analyst_, get, &stand).ok());
  EXPECT_EQ(stand.number(), "A-2");
  EXPECT_EQ(stand.list_amount().minor_units(), 16'650'000);
  EXPECT_EQ(stand.etag(), listed.etag());
  // UUIDs in capitals name the same stand.
  const auto capitals = [](std::string id) {
    for (char& c : id) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return id;
  };
  const std::string upper = "projects/" + capitals(project_id_) + "/editions/" +
                            capitals(edition_id_) + "/stands/" +
                            capitals(listed.name().substr(listed.name().rfind('/') + 1));
  get.set_name(upper);
  ASSERT_TRUE(Call(*stand_stub_, &v1::StandService::Stub::GetStand, analyst_, get, &stand).ok())
      << upper;
  EXPECT_EQ(stand.name(), listed.name());
  // A name of another form, a stand of another edition, a caller without a CRM role.
  get.set_name("stands/" + common::NewUuid());
  EXPECT_THAT(testing::ViolatedFields(
                  Call(*stand_stub_, &v1::StandService::Stub::GetStand, analyst_, get, &stand)),
              ElementsAre("name"));
  get.set_name("projects/" + project_id_ + "/editions/" + common::NewUuid() + "/stands/" +
               listed.name().substr(listed.name().rfind('/') + 1));
  EXPECT_EQ(
      Call(*stand_stub_, &v1::StandService::Stub::GetStand, analyst_, get, &stand).error_code(),
      grpc::StatusCode::NOT_FOUND);
  get.set_name(listed.name());
  EXPECT_EQ(Call(*stand_stub_, &v1::StandService::Stub::GetStand, nobody, get, &stand).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The policy: the defaults until a head of sales sets it, then what was set.
  v1::GetSalesPolicyRequest policy_request;
  policy_request.set_name(EditionName() + "/salesPolicy");
  v1::SalesPolicy policy;
  ASSERT_TRUE(
      Call(*stand_stub_, &v1::StandService::Stub::GetSalesPolicy, manager_, policy_request, &policy)
          .ok());
  EXPECT_EQ(policy.max_discount_bp(), 1000);
  EXPECT_EQ(policy.default_hold().seconds(), 72 * 3600);
  EXPECT_EQ(policy.max_hold().seconds(), 14 * 24 * 3600);
  v1::UpdateSalesPolicyRequest update;
  update.mutable_sales_policy()->set_name(policy.name());
  update.mutable_sales_policy()->set_etag(policy.etag());
  update.mutable_sales_policy()->mutable_default_hold()->set_seconds(24 * 3600);
  update.mutable_update_mask()->add_paths("default_hold");
  v1::SalesPolicy updated;
  ASSERT_TRUE(
      Call(*stand_stub_, &v1::StandService::Stub::UpdateSalesPolicy, head_, update, &updated).ok());
  ASSERT_TRUE(
      Call(*stand_stub_, &v1::StandService::Stub::GetSalesPolicy, analyst_, policy_request, &policy)
          .ok());
  EXPECT_EQ(policy.default_hold().seconds(), 24 * 3600);
  EXPECT_EQ(policy.max_discount_bp(), 1000);
  EXPECT_EQ(policy.etag(), updated.etag());
  policy_request.set_name(EditionName());
  EXPECT_THAT(testing::ViolatedFields(Call(*stand_stub_, &v1::StandService::Stub::GetSalesPolicy,
                                           manager_, policy_request, &policy)),
              ElementsAre("name"));
  policy_request.set_name(EditionName() + "/salesPolicy");
  EXPECT_EQ(
      Call(*stand_stub_, &v1::StandService::Stub::GetSalesPolicy, nobody, policy_request, &policy)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace crm::planning::results_testing
