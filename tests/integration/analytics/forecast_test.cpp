// The forecast service against a real PostgreSQL and nats-server: past editions' history in
// through ImportEditionHistory, the forecast edition's facts through the real consumer (registry's
// edition, planning's readiness, sales and stands), forecasts and the backtest out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/core/ids.h"
#include "crm/analytics/v1/forecast.grpc.pb.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/analytics/service.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tests/support/timestamps.h"

namespace crm::analytics {
namespace {

using common::auth::Role;
using crm::analytics::v1::EditionForecast;
using crm::analytics::v1::ForecastBacktest;
using crm::analytics::v1::ForecastService;
using crm::analytics::v1::GetEditionForecastRequest;
using crm::analytics::v1::GetForecastBacktestRequest;
using crm::analytics::v1::ImportEditionHistoryRequest;
using crm::analytics::v1::ImportEditionHistoryResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string T(const std::string& day) { return day + "T12:00:00Z"; }

class ForecastServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = crm::testing::TestEnvironment::Get();
    url_ = env.FreshDatabase("analytics");
    nats_ = env.FreshNats();
    server_ = std::make_unique<crm::testing::RunningService>(Definition(), url_, nats_);
    stub_ = ForecastService::NewStub(server_->channel());
    project_ = "projects/" + common::NewUuid();
    a_ = project_ + "/editions/" + common::NewUuid();
    b_ = project_ + "/editions/" + common::NewUuid();
    c_ = project_ + "/editions/" + common::NewUuid();
  }

  void TearDown() override { server_.reset(); }

  static std::string Token(std::vector<Role> roles) {
    return crm::testing::TokenFor("employees/" + common::NewUuid(), std::move(roles));
  }

  template <class Request, class Response, class Call>
  grpc::Status Invoke(Call call, const Request& request, Response* response,
                      const std::string& token) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    return ((*stub_).*call)(&ctx, request, response);
  }

  grpc::Status Forecast(const std::string& edition, const std::string& as_of, EditionForecast* out,
                        const std::string& token = Token({Role::kAnalyst})) {
    GetEditionForecastRequest request;
    request.set_edition(edition);
    if (!as_of.empty()) {
      *request.mutable_as_of() = crm::testing::At(as_of);
    }
    return Invoke(&ForecastService::Stub::GetEditionForecast, request, out, token);
  }

  grpc::Status Backtest(const std::string& project, ForecastBacktest* out,
                        const std::string& token = Token({Role::kAnalyst})) {
    GetForecastBacktestRequest request;
    request.set_project(project);
    return Invoke(&ForecastService::Stub::GetForecastBacktest, request, out, token);
  }

  grpc::Status Import(const ImportEditionHistoryRequest& request,
                      const std::string& token = Token({Role::kAnalyst})) {
    ImportEditionHistoryResponse response;
    return Invoke(&ForecastService::Stub::ImportEditionHistory, request, &response, token);
  }

  struct Row {
    std::string client;
    std::string level;  // "" for a sale
    std::string day;
    int64_t area = 0;
    int64_t net = 0;
  };

  static ImportEditionHistoryRequest History(const std::string& edition, int year,
                                             const std::vector<Row>& rows) {
    ImportEditionHistoryRequest request;
    request.set_edition(edition);
    request.set_display_name("Выставка " + std::to_string(year));
    request.mutable_start_date()->set_year(year);
    request.mutable_start_date()->set_month(3);
    request.mutable_start_date()->set_day(1);
    for (const Row& row : rows) {
      if (row.level.empty()) {
        auto* sale = request.add_sales();
        sale->set_client(row.client);
        *sale->mutable_sale_time() = crm::testing::At(T(row.day));
        sale->set_area_dm2(row.area);
        sale->mutable_net_amount()->set_currency_code("RUB");
        sale->mutable_net_amount()->set_minor_units(row.net);
      } else {
        auto* a = request.add_assessments();
        a->set_client(row.client);
        a->set_level(row.level);
        *a->mutable_record_time() = crm::testing::At(T(row.day));
      }
    }
    return request;
  }

  // Editions a (2024) and b (2025) of the project, the history of the unit test
  // (tests/unit/analytics/forecast_test.cpp) on real dates: 4 weeks before a's opening a0 had
  // bought, a1 and a2 were HOT, a3 and a4 WARM, a5 COLD, and a1 and a3 bought later; before b's,
  // b0 had bought, b1 was HOT and b2 WARM, and b1 bought later.
  void ImportPastEditions() {
    ASSERT_TRUE(Import(History(a_, 2024,
                               {{"a1", "WARM", "2024-01-10"},
                                {"a1", "HOT", "2024-01-20"},
                                {"a2", "HOT", "2024-01-20"},
                                {"a3", "READINESS_LEVEL_WARM", "2024-01-20"},
                                {"a4", "WARM", "2024-01-20"},
                                {"a5", "COLD", "2024-01-20"},
                                {"a0", "", "2024-01-15", 1500, 150'000},
                                {"a1", "", "2024-02-15", 1000, 100'000},
                                {"a3", "", "2024-02-20", 2000, 200'000}}))
                    .ok());
    ASSERT_TRUE(Import(History(b_, 2025,
                               {{"b1", "HOT", "2025-01-25"},
                                {"b2", "WARM", "2025-01-25"},
                                {"b0", "", "2025-01-20", 600, 60'000},
                                {"b1", "", "2025-02-20", 1200, 120'000}}))
                    .ok());
  }

  std::string Client() { return "clients/" + common::NewUuid(); }

  void PublishAt(const auto& topic, const auto& payload, const std::string& time) {
    crm::testing::PublishEvent(
        nats_, topic, common::NewUuid(), payload,
        crm::testing::PublishOptions{.subject_id = "", .nats_msg_id = "", .time = time});
    ++published_;
  }

  // Edition c opening on 2027-03-01, through the projection: c0 bought 1000 dm² for 110 000
  // kopecks, c1 is HOT, c2 and c3 WARM, c4 COOL (all before 2027-02-01).
  void PublishEditionC() {
    crm::events::v1::EditionCreated created;
    auto* e = created.mutable_edition();
    e->set_edition(c_);
    e->set_project(project_);
    e->set_display_name("Выставка 2027");
    e->mutable_start_date()->set_year(2027);
    e->mutable_start_date()->set_month(3);
    e->mutable_start_date()->set_day(1);
    PublishAt(events::v1::kEditionCreated, created, "2026-06-01T00:00:00Z");
    c1_ = Client();
    const std::vector<std::pair<std::string, crm::planning::v1::ReadinessLevel>> levels = {
        {c1_, crm::planning::v1::READINESS_LEVEL_HOT},
        {Client(), crm::planning::v1::READINESS_LEVEL_WARM},
        {Client(), crm::planning::v1::READINESS_LEVEL_WARM},
        {Client(), crm::planning::v1::READINESS_LEVEL_COOL}};
    for (const auto& [client, level] : levels) {
      crm::events::v1::ReadinessChanged ev;
      auto* r = ev.mutable_readiness();
      r->set_client(client);
      r->set_edition(c_);
      r->set_level(level);
      *r->mutable_record_time() = crm::testing::At(T("2027-01-15"));
      PublishAt(events::v1::kReadinessChanged, ev, T("2027-01-15"));
    }
    crm::events::v1::SaleRecorded sale;
    sale.set_sale("sales/" + common::NewUuid());
    sale.set_contact("contacts/" + common::NewUuid());
    *sale.mutable_sale_time() = crm::testing::At(T("2027-01-10"));
    sale.mutable_manager()->set_employee("employees/" + common::NewUuid());
    sale.mutable_manager()->set_full_name("Иванова Анна");
    sale.mutable_client()->set_client(Client());
    *sale.mutable_edition() = *e;
    sale.set_area_dm2(1000);
    sale.mutable_net_amount()->set_currency_code("RUB");
    sale.mutable_net_amount()->set_minor_units(110'000);
    sale.mutable_total_amount()->set_currency_code("RUB");
    sale.mutable_total_amount()->set_minor_units(134'200);
    PublishAt(events::v1::kSaleRecorded, sale, T("2027-01-10"));
    WaitForConsumer();
  }

  void WaitForConsumer() {
    ASSERT_TRUE(
        crm::testing::Eventually([&] { return server_->consumer().processed() >= published_; }));
  }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  std::string url_;
  std::string nats_;
  uint64_t published_ = 0;
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<ForecastService::Stub> stub_;
  std::string project_, a_, b_, c_, c1_;
};

TEST_F(ForecastServiceTest, GetEditionForecastGivesTheHandComputedFigures) {
  ImportPastEditions();
  PublishEditionC();
  EditionForecast f;
  ASSERT_TRUE(Forecast(c_, "2027-02-01T00:00:00Z", &f).ok());
  // Conversion HOT 2/3, WARM 1/3; the average sale 1260 dm², 126 000 kopecks:
  // 1000 + (2/3 + 2 × 1/3) × 1260 = 2680 dm²; money: the 110 000 sold and the 1680 dm² to
  // sell at c's own 110 kopecks per dm², 294 800.
  EXPECT_EQ(f.area().area_dm2(), 2680);
  EXPECT_EQ(f.amount().amount().minor_units(), 294'800);
  EXPECT_EQ(f.amount().amount().currency_code(), "RUB");
  EXPECT_LT(f.area().low_dm2(), 2680);
  EXPECT_GE(f.area().low_dm2(), 1000);
  EXPECT_GT(f.area().high_dm2(), 2680);
  EXPECT_EQ(f.weeks_before_opening(), 4);
  EXPECT_EQ(f.start_date().year(), 2027);
  EXPECT_THAT(f.learnt_from(), ::testing::UnorderedElementsAre(a_, b_));
  ASSERT_EQ(f.components_size(), 7);
  EXPECT_EQ(f.components(0).key(), "sold");
  EXPECT_EQ(f.components(0).area_dm2(), 1000);
  EXPECT_EQ(f.components(2).key(), "READINESS_LEVEL_HOT");
  EXPECT_EQ(f.components(2).conversion_bp(), 6667);
  EXPECT_EQ(f.components(2).observations(), 3);
  EXPECT_EQ(f.components(3).count(), 2);
  ASSERT_EQ(f.baselines_size(), 2);
  EXPECT_EQ(f.baselines(0).method(), "last_edition");
  EXPECT_EQ(f.baselines(0).area_dm2(), 2200);  // 1000 + the 1200 b sold after this point
  EXPECT_EQ(f.baselines(0).amount().minor_units(), 230'000);
  EXPECT_THAT(f.baselines(0).basis(), HasSubstr(b_));
  EXPECT_EQ(f.baselines(1).method(), "stage_weighted");
  EXPECT_EQ(f.baselines(1).area_dm2(), 3520);  // 1000 + (0.75 + 2 × 0.5 + 0.25) × 1260
  EXPECT_EQ(f.baselines(1).amount().minor_units(), 387'200);
  EXPECT_EQ(f.components(6).key(), "new_clients");
}

TEST_F(ForecastServiceTest, StandEventsFeedTheHeldStands) {
  ImportPastEditions();
  PublishEditionC();
  crm::events::v1::StandHeld held;
  held.mutable_stand()->set_stand(c_ + "/stands/" + common::NewUuid());
  held.mutable_stand()->set_edition(c_);
  held.mutable_stand()->set_area_dm2(900);
  held.set_client(c1_);
  *held.mutable_expire_time() = crm::testing::At("2027-03-01T00:00:00Z");
  PublishAt(events::v1::kStandHeld, held, T("2027-01-20"));
  crm::events::v1::StandReleased released;
  *released.mutable_stand() = held.stand();
  released.set_reason("hold_released");
  released.set_client(c1_);
  PublishAt(events::v1::kStandReleased, released, T("2027-02-10"));
  WaitForConsumer();
  EXPECT_EQ(Count("SELECT count(*) FROM stand_changes"), 2);

  // Held on 2027-02-01: c1's stand at the HOT conversion (no past hold), c1 out of the pipeline:
  // 1000 + 2/3 × 900 + 2 × 1/3 × 1260 = 2440.
  EditionForecast f;
  ASSERT_TRUE(Forecast(c_, "2027-02-01T00:00:00Z", &f).ok());
  EXPECT_EQ(f.components(1).key(), "held_stands");
  EXPECT_EQ(f.components(1).count(), 1);
  EXPECT_EQ(f.area().area_dm2(), 2440);
  // Released by 2027-02-15: c1 is back in the pipeline as HOT.
  ASSERT_TRUE(Forecast(c_, "2027-02-15T00:00:00Z", &f).ok());
  EXPECT_EQ(f.components(1).count(), 0);
  EXPECT_EQ(f.components(2).count(), 1);
}

TEST_F(ForecastServiceTest, GetForecastBacktestLearnsOnlyFromEditionsOpenedBeforeEachForecast) {
  ImportPastEditions();
  ForecastBacktest before;
  ASSERT_TRUE(Backtest(project_, &before).ok());
  // Only b has an earlier edition; one forecast per horizon.
  ASSERT_EQ(before.horizons_size(), 4);
  EXPECT_EQ(before.horizons(0).weeks_before_opening(), 12);
  EXPECT_EQ(before.horizons(3).weeks_before_opening(), 2);
  ASSERT_EQ(before.forecasts_size(), 4);
  for (const auto& forecast : before.forecasts()) {
    EXPECT_EQ(forecast.edition(), b_);
    EXPECT_EQ(forecast.actual_area_dm2(), 1800);
    EXPECT_EQ(forecast.actual_amount().minor_units(), 180'000);
  }
  // An edition opening on 2025-02-20, after b's every forecast moment (the latest, 2 weeks
  // before b's opening, is 2025-02-15) and before b's opening, with a huge history: b's
  // forecasts do not change.
  const std::string d = project_ + "/editions/" + common::NewUuid();
  ImportEditionHistoryRequest late = History(d, 2025,
                                             {{"d1", "HOT", "2025-01-01"},
                                              {"d1", "", "2025-02-01", 90'000, 9'000'000},
                                              {"d2", "COLD", "2025-01-01"}});
  late.mutable_start_date()->set_day(20);
  late.mutable_start_date()->set_month(2);
  ASSERT_TRUE(Import(late).ok());
  ForecastBacktest after;
  ASSERT_TRUE(Backtest(project_, &after).ok());
  int b_forecasts = 0;
  for (const auto& forecast : after.forecasts()) {
    if (forecast.edition() != b_) {
      continue;
    }
    for (const auto& earlier : before.forecasts()) {
      if (earlier.weeks_before_opening() == forecast.weeks_before_opening()) {
        ++b_forecasts;
        EXPECT_EQ(forecast.area().area_dm2(), earlier.area().area_dm2());
        EXPECT_EQ(forecast.area().high_dm2(), earlier.area().high_dm2());
        EXPECT_EQ(forecast.amount().amount().minor_units(),
                  earlier.amount().amount().minor_units());
        EXPECT_EQ(forecast.last_edition_area_dm2(), earlier.last_edition_area_dm2());
      }
    }
  }
  EXPECT_EQ(b_forecasts, 4);
}

TEST_F(ForecastServiceTest, GetForecastBacktestReportsWapeAndRangeCoverageOfItsForecasts) {
  ImportPastEditions();
  // A third past edition (2026), so each horizon has two editions.
  ASSERT_TRUE(Import(History(c_, 2026,
                             {{"c1", "HOT", "2026-01-10"},
                              {"c2", "WARM", "2026-01-10"},
                              {"c3", "WARM", "2026-01-10"},
                              {"c0", "", "2026-01-05", 1000, 110'000},
                              {"c1", "", "2026-02-25", 1300, 130'000}}))
                  .ok());
  ForecastBacktest bt;
  ASSERT_TRUE(Backtest("", &bt).ok());
  ASSERT_EQ(bt.horizons_size(), 4);
  for (const auto& h : bt.horizons()) {
    ASSERT_EQ(h.editions(), 2) << h.weeks_before_opening();
    double actual = 0;
    double model_error = 0;
    double last_error = 0;
    double stage_error = 0;
    int inside = 0;
    for (const auto& f : bt.forecasts()) {
      if (f.weeks_before_opening() != h.weeks_before_opening()) {
        continue;
      }
      const auto a = static_cast<double>(f.actual_area_dm2());
      actual += a;
      model_error += std::abs(a - static_cast<double>(f.area().area_dm2()));
      last_error += std::abs(a - static_cast<double>(f.last_edition_area_dm2()));
      stage_error += std::abs(a - static_cast<double>(f.stage_weighted_area_dm2()));
      inside +=
          f.area().low_dm2() <= f.actual_area_dm2() && f.actual_area_dm2() <= f.area().high_dm2()
              ? 1
              : 0;
    }
    // The summary is the forecasts' (to rounding of the figures to whole dm²).
    EXPECT_NEAR(h.model_wape_area_bp(), model_error * 10000 / actual, 10.0);
    EXPECT_NEAR(h.last_edition_wape_area_bp(), last_error * 10000 / actual, 10.0);
    EXPECT_NEAR(h.stage_weighted_wape_area_bp(), stage_error * 10000 / actual, 10.0);
    EXPECT_EQ(h.area_coverage_bp(), inside * 10000 / 2);
  }
  // At 4 weeks, 2026 is forecast from 2024 and 2025 exactly as the hand calculation says
  // (2680 dm²), and sold 2300: inside the range or not, the coverage counts it.
  for (const auto& f : bt.forecasts()) {
    if (f.edition() == c_ && f.weeks_before_opening() == 4) {
      EXPECT_EQ(f.area().area_dm2(), 2680);
      EXPECT_EQ(f.actual_area_dm2(), 2300);
    }
  }
}

TEST_F(ForecastServiceTest, RejectsBadInputWithFieldPathsAndChangesNothing) {
  EditionForecast f;
  grpc::Status status = Forecast("editions/x", "", &f);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("edition"));
  GetEditionForecastRequest bad_time;
  bad_time.set_edition(c_);
  bad_time.mutable_as_of()->set_nanos(-5);
  status =
      Invoke(&ForecastService::Stub::GetEditionForecast, bad_time, &f, Token({Role::kAnalyst}));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("as_of"));
  status = Forecast(c_, "", &f);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(crm::testing::ResourceInfoName(status), c_);

  ForecastBacktest bt;
  status = Backtest("projects/not-a-uuid", &bt);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("project"));
  status = Backtest(project_, &bt);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);

  ImportEditionHistoryRequest empty;
  status = Import(empty);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ElementsAre("edition", "display_name", "start_date"));
  ImportEditionHistoryRequest future = History(a_, 2024, {});
  future.mutable_start_date()->set_year(2999);
  status = Import(future);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("start_date"));
  ImportEditionHistoryRequest rows = History(a_, 2024,
                                             {{"", "HOT", "2024-01-01"},
                                              {"a1", "LUKEWARM", "2024-01-01"},
                                              {"a2", "HOT", "2024-01-01"},
                                              {"a2", "WARM", "2024-01-01"},
                                              {"a3", "", "2024-01-02", 0, 100},
                                              {"a4", "", "2024-01-02", 100, -1}});
  rows.mutable_assessments(2)->clear_record_time();
  rows.mutable_assessments(3)->clear_record_time();
  rows.add_assessments()->set_client("a5");
  status = Import(rows);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(
      crm::testing::ViolatedFields(status),
      ElementsAre("assessments[0].client", "assessments[1].level", "assessments[2].record_time",
                  "assessments[3].record_time", "assessments[4].level",
                  "assessments[4].record_time", "sales[0].area_dm2", "sales[1].net_amount"));
  EXPECT_EQ(Count("SELECT count(*) FROM history_editions"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM history_readiness"), 0);

  // An edition with nothing before it to learn from.
  ImportPastEditions();
  status = Forecast(a_, "2024-02-01T00:00:00Z", &f);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
}

TEST_F(ForecastServiceTest, ImportEditionHistoryReplacesTheEditionsImport) {
  ImportPastEditions();
  EXPECT_EQ(Count("SELECT count(*) FROM history_sales"), 5);
  ASSERT_TRUE(
      Import(
          History(a_, 2024, {{"a1", "HOT", "2024-01-20"}, {"a1", "", "2024-02-15", 1000, 100'000}}))
          .ok());
  EXPECT_EQ(Count("SELECT count(*) FROM history_sales"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM history_readiness"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM history_editions"), 2);
}

TEST_F(ForecastServiceTest, WhoMayReadForecastsAndImportHistory) {
  ImportPastEditions();
  PublishEditionC();
  EditionForecast f;
  ForecastBacktest bt;
  for (Role role : {Role::kAdmin, Role::kAnalyst, Role::kSalesHead}) {
    EXPECT_TRUE(Forecast(c_, "2027-02-01T00:00:00Z", &f, Token({role})).ok());
    EXPECT_TRUE(Backtest(project_, &bt, Token({role})).ok());
  }
  for (Role role : {Role::kSalesManager, Role::kAccountant, Role::kService}) {
    EXPECT_EQ(Forecast(c_, "2027-02-01T00:00:00Z", &f, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
    EXPECT_EQ(Backtest(project_, &bt, Token({role})).error_code(), grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Forecast(c_, "", &f, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Backtest(project_, &bt, "").error_code(), grpc::UNAUTHENTICATED);
  // Denied before validation: a manager learns nothing about an edition.
  EXPECT_EQ(Forecast("bad", "", &f, Token({Role::kSalesManager})).error_code(),
            grpc::PERMISSION_DENIED);

  const ImportEditionHistoryRequest again = History(a_, 2024, {{"a1", "HOT", "2024-01-20"}});
  for (Role role : {Role::kSalesHead, Role::kSalesManager, Role::kAccountant}) {
    EXPECT_EQ(Import(again, Token({role})).error_code(), grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM history_readiness"), 8);
  EXPECT_EQ(Import(again, "").error_code(), grpc::UNAUTHENTICATED);
  for (Role role : {Role::kAdmin, Role::kAnalyst}) {
    EXPECT_TRUE(Import(again, Token({role})).ok());
  }
}

}  // namespace
}  // namespace crm::analytics
