#include "services/analytics/domain/report.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"

namespace crm::analytics::domain {
namespace {

using crm::analytics::v1::GetManagerReportRequest;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kManager[] = "employees/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10";
constexpr int64_t kDay = 24 * 60 * 60;
constexpr int64_t kJan1 = 1767225600;  // 2026-01-01T00:00:00Z

GetManagerReportRequest Request(int64_t start, int64_t end) {
  GetManagerReportRequest request;
  request.set_manager(kManager);
  *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(start);
  *request.mutable_end_time() = TimeUtil::SecondsToTimestamp(end);
  return request;
}

std::vector<std::string> ViolatedFields(const GetManagerReportRequest& request) {
  try {
    ValidateReportRequest(request);
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  return {};
}

TEST(ValidateReportRequestTest, AcceptsAMonth) {
  auto query = ValidateReportRequest(Request(kJan1, kJan1 + 31 * kDay));
  EXPECT_EQ(query.manager_id, "0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  EXPECT_EQ(query.start_rfc3339, "2026-01-01T00:00:00Z");
  EXPECT_EQ(query.end_rfc3339, "2026-02-01T00:00:00Z");
}

TEST(ValidateReportRequestTest, AcceptsExactly366Days) {
  EXPECT_THAT(ViolatedFields(Request(kJan1, kJan1 + 366 * kDay)), ::testing::IsEmpty());
}

TEST(ValidateReportRequestTest, RejectsMoreThan366Days) {
  EXPECT_THAT(ViolatedFields(Request(kJan1, kJan1 + 366 * kDay + 1)), ElementsAre("end_time"));
  auto request = Request(kJan1, kJan1 + 366 * kDay);
  request.mutable_end_time()->set_nanos(1);
  EXPECT_THAT(ViolatedFields(request), ElementsAre("end_time"));
}

TEST(ValidateReportRequestTest, RejectsAnEmptyOrBackwardWindow) {
  EXPECT_THAT(ViolatedFields(Request(kJan1, kJan1)), ElementsAre("end_time"));
  EXPECT_THAT(ViolatedFields(Request(kJan1, kJan1 - 1)), ElementsAre("end_time"));
  auto request = Request(kJan1, kJan1);
  request.mutable_end_time()->set_nanos(1);
  EXPECT_THAT(ViolatedFields(request), ::testing::IsEmpty());
}

TEST(ValidateReportRequestTest, ListsEveryProblem) {
  GetManagerReportRequest request;
  request.set_manager("employees/42");
  EXPECT_THAT(ViolatedFields(request), UnorderedElementsAre("manager", "start_time", "end_time"));
}

TEST(ValidateReportRequestTest, RejectsTimestampsOutOfRange) {
  auto request = Request(kJan1, kJan1 + kDay);
  request.mutable_start_time()->set_nanos(-1);
  request.mutable_end_time()->set_seconds(TimeUtil::kTimestampMaxSeconds + 1);
  EXPECT_THAT(ViolatedFields(request), UnorderedElementsAre("start_time", "end_time"));
}

TEST(ValidateReportRequestTest, RejectsOtherResourceNames) {
  auto request = Request(kJan1, kJan1 + kDay);
  request.set_manager("clients/0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10");
  EXPECT_THAT(ViolatedFields(request), ElementsAre("manager"));
}

TEST(AssembleReportTest, SortsSectionsAndComputesConversion) {
  auto request = Request(kJan1, kJan1 + 31 * kDay);
  auto report = AssembleReport(request, {{"CONTACT_TYPE_MEETING", 1}, {"CONTACT_TYPE_CALL", 3}},
                               {{"sale", 1}, {"refusal", 2}, {"note", 1}}, 5,
                               SalesTotals{1, 1250, 12200000, 14884000});
  EXPECT_EQ(report.manager(), kManager);
  EXPECT_EQ(report.start_time().seconds(), kJan1);
  EXPECT_EQ(report.end_time().seconds(), kJan1 + 31 * kDay);
  ASSERT_EQ(report.contacts_by_type_size(), 2);
  EXPECT_EQ(report.contacts_by_type(0).key(), "CONTACT_TYPE_CALL");
  EXPECT_EQ(report.contacts_by_type(0).count(), 3);
  EXPECT_EQ(report.contacts_by_type(1).key(), "CONTACT_TYPE_MEETING");
  ASSERT_EQ(report.contacts_by_result_size(), 3);
  EXPECT_EQ(report.contacts_by_result(0).key(), "note");
  EXPECT_EQ(report.contacts_by_result(1).key(), "refusal");
  EXPECT_EQ(report.contacts_by_result(2).key(), "sale");
  EXPECT_EQ(report.open_contacts(), 5);
  EXPECT_EQ(report.sales_count(), 1);
  EXPECT_EQ(report.area_dm2(), 1250);
  EXPECT_EQ(report.net_amount().currency_code(), "RUB");
  EXPECT_EQ(report.net_amount().minor_units(), 12200000);
  EXPECT_EQ(report.total_amount().currency_code(), "RUB");
  EXPECT_EQ(report.total_amount().minor_units(), 14884000);
  EXPECT_EQ(report.conversion_bp(), 2500);  // 1 sale of 4 completed
}

TEST(AssembleReportTest, AnEmptyPeriodIsZeroEverywhere) {
  auto report = AssembleReport(Request(kJan1, kJan1 + kDay), {}, {}, 0, SalesTotals{});
  EXPECT_EQ(report.contacts_by_type_size(), 0);
  EXPECT_EQ(report.contacts_by_result_size(), 0);
  EXPECT_EQ(report.conversion_bp(), 0);
  EXPECT_EQ(report.net_amount().currency_code(), "RUB");
  EXPECT_EQ(report.net_amount().minor_units(), 0);
}

}  // namespace
}  // namespace crm::analytics::domain
