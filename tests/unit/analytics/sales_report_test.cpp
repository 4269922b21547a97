#include "services/analytics/domain/sales_report.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "services/analytics/domain/projection.h"
#include "tests/support/violations.h"

namespace crm::analytics::domain {
namespace {

using crm::analytics::v1::GetSalesReportRequest;
using crm::testing::ViolatedFieldsOf;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr int64_t kOneDay = 24 * 60 * 60;
constexpr int64_t kFeb1 = 1769904000;  // 2026-02-01T00:00:00Z
constexpr char kEdition[] =
    "projects/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10/editions/1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b";

GetSalesReportRequest February() {
  GetSalesReportRequest request;
  *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(kFeb1);
  *request.mutable_end_time() = TimeUtil::SecondsToTimestamp(kFeb1 + 28 * kOneDay);
  request.set_group_by(crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER);
  return request;
}

TEST(ValidateSalesReportRequestTest, ThePreviousPeriodHasTheSameLengthAndEndsAtTheStart) {
  auto request = February();
  request.set_edition(kEdition);
  request.set_department("departments/0B6F1C4E-8A42-4A3B-9A53-2F0C8F1F9D10");
  SalesReportQuery query = ValidateSalesReportRequest(request);
  EXPECT_EQ(query.previous_start_rfc3339, "2026-01-04T00:00:00Z");
  EXPECT_EQ(query.current.start_rfc3339, "2026-02-01T00:00:00Z");
  EXPECT_EQ(query.current.end_rfc3339, "2026-03-01T00:00:00Z");
  EXPECT_EQ(query.edition, kEdition);
  EXPECT_EQ(query.department_id, "0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
}

TEST(ValidateSalesReportRequestTest, NamesEveryBadField) {
  GetSalesReportRequest request;
  request.set_edition("editions/volga");
  request.set_department("departments/sales");
  request.set_group_by(static_cast<crm::analytics::v1::SalesReportGrouping>(42));
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateSalesReportRequest(request); }),
              UnorderedElementsAre("start_time", "end_time", "group_by", "edition", "department"));
  // A year at the start of the calendar leaves no room for the previous one.
  auto early = February();
  *early.mutable_start_time() = TimeUtil::SecondsToTimestamp(-62135596800 + kOneDay);
  *early.mutable_end_time() = TimeUtil::SecondsToTimestamp(-62135596800 + 3 * kOneDay);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateSalesReportRequest(early); }),
              ElementsAre("start_time"));
}

TEST(AssembleSalesReportTest, RowsByNetThenKeyWithBothPeriodsAndTheTotal) {
  const auto request = February();
  const auto query = ValidateSalesReportRequest(request);
  std::vector<SalesCell> sales = {
      {.current = true,
       .total = false,
       .key = "employees/b",
       .sales = 1,
       .area_dm2 = 900,
       .net_kopecks = 500,
       .total_kopecks = 610},
      {.current = false,
       .total = false,
       .key = "employees/a",
       .sales = 2,
       .area_dm2 = 100,
       .net_kopecks = 900,
       .total_kopecks = 1098},
      {.current = true,
       .total = true,
       .key = "",
       .sales = 1,
       .area_dm2 = 900,
       .net_kopecks = 500,
       .total_kopecks = 610},
  };
  std::vector<ContactCell> contacts = {
      {.current = true,
       .total = false,
       .key = "employees/a",
       .completed = 4,
       .positive = 1,
       .refusals = 2,
       .clients = 3},
      {.current = true,
       .total = true,
       .key = "",
       .completed = 4,
       .positive = 1,
       .refusals = 2,
       .clients = 3},
  };
  auto report =
      AssembleSalesReport(request, query, sales, contacts, {{"employees/a", "Анна"}},
                          {{"REFUSAL_REASON_OTHER", 1}, {"REFUSAL_REASON_NO_BUDGET", 2}}, "all");
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.rows(0).key(), "employees/b");
  EXPECT_EQ(report.rows(0).display_name(), "employees/b");  // no name known: the key
  EXPECT_EQ(report.rows(0).current().net_amount().minor_units(), 500);
  EXPECT_EQ(report.rows(1).display_name(), "Анна");
  EXPECT_EQ(report.rows(1).current().effectiveness_bp(), 2500);
  EXPECT_EQ(report.rows(1).previous().sales_count(), 2);
  EXPECT_EQ(report.rows(1).current().net_amount().currency_code(), "RUB");
  EXPECT_EQ(report.total().current().contacts_completed(), 4);
  EXPECT_EQ(report.total().current().clients_contacted(), 3);
  EXPECT_EQ(report.refusal_reasons(0).key(), "REFUSAL_REASON_NO_BUDGET");
  EXPECT_EQ(TimeUtil::ToString(report.previous_start_time()), "2026-01-04T00:00:00Z");
}

TEST(AssembleSalesReportTest, ByStandTypeContactsCountOnlyInTheTotal) {
  auto request = February();
  request.set_group_by(crm::analytics::v1::SALES_REPORT_GROUPING_STAND_TYPE);
  const auto query = ValidateSalesReportRequest(request);
  std::vector<ContactCell> contacts = {
      {.current = true,
       .total = false,
       .key = "",
       .completed = 2,
       .positive = 2,
       .refusals = 0,
       .clients = 2},
      {.current = true,
       .total = true,
       .key = "",
       .completed = 2,
       .positive = 2,
       .refusals = 0,
       .clients = 2},
  };
  auto report = AssembleSalesReport(request, query, {}, contacts, {}, {}, "own");
  EXPECT_EQ(report.rows_size(), 0);
  EXPECT_EQ(report.total().current().effectiveness_bp(), 10000);
  EXPECT_EQ(report.scope(), "own");
}

TEST(AssembleFunnelTest, HottestFirstWithConversion) {
  auto funnel = AssembleFunnel(kEdition, "Волга-Строй",
                               {{"READINESS_LEVEL_COLD", 4, 0, 0, 0},
                                {"READINESS_LEVEL_HOT", 4, 3, 3600, 300},
                                {"READINESS_LEVEL_WARM", 5, 1, 900, 90}},
                               "all");
  ASSERT_EQ(funnel.stages_size(), 3);
  EXPECT_EQ(funnel.stages(0).level(), "READINESS_LEVEL_HOT");
  EXPECT_EQ(funnel.stages(0).conversion_bp(), 7500);
  EXPECT_EQ(funnel.stages(1).level(), "READINESS_LEVEL_WARM");
  EXPECT_EQ(funnel.stages(1).conversion_bp(), 2000);
  EXPECT_EQ(funnel.stages(2).conversion_bp(), 0);
}

TEST(ProjectionRowsTest, EditionsReadinessAndRefusalReasons) {
  crm::events::v1::EditionSnapshot edition;
  edition.set_edition(kEdition);
  edition.set_display_name("Волга-Строй 2027");
  edition.mutable_start_date()->set_year(2027);
  edition.mutable_start_date()->set_month(4);
  edition.mutable_start_date()->set_day(14);
  EditionRow row = EditionRowOf(edition, "edition", "open_for_sales", "");
  EXPECT_EQ(row.project, "projects/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  EXPECT_EQ(row.start_date, "2027-04-14");
  EXPECT_EQ(row.end_date, "");
  edition.mutable_end_date()->set_month(2);
  edition.mutable_end_date()->set_day(30);
  edition.mutable_end_date()->set_year(2027);
  edition.set_edition("editions/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { EditionRowOf(edition, "edition", "", ""); }),
              UnorderedElementsAre("edition.edition", "edition.end_date"));

  crm::events::v1::ReadinessChanged readiness;
  EXPECT_THAT(ViolatedFieldsOf([&] { ReadinessRowOf(readiness); }),
              UnorderedElementsAre("readiness.client", "readiness.edition", "readiness.level",
                                   "readiness.record_time"));
  readiness.mutable_readiness()->set_client("clients/1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
  readiness.mutable_readiness()->set_edition(kEdition);
  readiness.mutable_readiness()->set_level(crm::planning::v1::READINESS_LEVEL_WARM);
  *readiness.mutable_readiness()->mutable_record_time() = TimeUtil::SecondsToTimestamp(kFeb1);
  EXPECT_EQ(ReadinessRowOf(readiness).level, "READINESS_LEVEL_WARM");

  crm::events::v1::ContactCompleted completed;
  completed.set_contact("contacts/1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
  completed.set_owner("employees/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  *completed.mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kFeb1);
  *completed.mutable_complete_time() = TimeUtil::SecondsToTimestamp(kFeb1);
  completed.mutable_result()->mutable_refusal()->set_refusal_reason("refusalReasons/7");
  EXPECT_EQ(CompletedContactRow(completed).refusal_reason, "refusalReasons/7");
  EXPECT_FALSE(CompletedContactRow(completed).positive);
  completed.mutable_result()->mutable_invitation();
  completed.set_result_kind("invitation");
  EXPECT_TRUE(CompletedContactRow(completed).positive);
  EXPECT_EQ(CompletedContactRow(completed).refusal_reason, "");
}

}  // namespace
}  // namespace crm::analytics::domain
