#include "services/analytics/domain/projection.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "crm/planning/v1/planning.pb.h"
#include "tests/support/violations.h"

namespace crm::analytics::domain {
namespace {

using crm::events::v1::ContactCancelled;
using crm::events::v1::ContactCompleted;
using crm::events::v1::ContactPlanned;
using crm::events::v1::ContactReassigned;
using crm::events::v1::ContactUpdated;
using crm::events::v1::EmployeeCreated;
using crm::events::v1::SaleRecorded;
using crm::testing::ViolatedFieldsOf;
using google::protobuf::util::TimeUtil;
using ::testing::UnorderedElementsAre;

constexpr char kContactId[] = "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b";
constexpr char kOwnerId[] = "0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10";
constexpr int64_t kNewYear2026 = 1767225600;  // 2026-01-01T00:00:00Z

ContactCompleted Completed() {
  ContactCompleted ev;
  ev.set_contact(std::string("contacts/") + kContactId);
  ev.set_owner(std::string("employees/") + kOwnerId);
  ev.set_type(crm::planning::v1::CONTACT_TYPE_MEETING);
  *ev.mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kNewYear2026);
  *ev.mutable_complete_time() = TimeUtil::SecondsToTimestamp(kNewYear2026 + 3600);
  ev.mutable_result()->mutable_refusal()->set_reason(crm::planning::v1::REFUSAL_REASON_NO_BUDGET);
  ev.set_result_kind("refusal");
  return ev;
}

TEST(ContactTypeKeyTest, EnumNameOrNumberedForUnknownValues) {
  EXPECT_EQ(ContactTypeKey(crm::planning::v1::CONTACT_TYPE_CALL), "CONTACT_TYPE_CALL");
  EXPECT_EQ(ContactTypeKey(crm::planning::v1::CONTACT_TYPE_LETTER), "CONTACT_TYPE_LETTER");
  EXPECT_EQ(ContactTypeKey(0), "CONTACT_TYPE_UNSPECIFIED");
  EXPECT_EQ(ContactTypeKey(42), "CONTACT_TYPE_42");
}

TEST(ResultKindOfTest, TheEventsKindOrTheOutcomes) {
  ContactCompleted ev = Completed();
  EXPECT_EQ(ResultKindOf(ev), "refusal");
  ev.clear_result_kind();
  EXPECT_EQ(ResultKindOf(ev), "refusal");
  ev.mutable_result()->mutable_sale()->set_area_dm2(1250);
  EXPECT_EQ(ResultKindOf(ev), "sale");
  ev.mutable_result()->mutable_note()->set_text("позвонить в марте");
  EXPECT_EQ(ResultKindOf(ev), "note");
  ev.mutable_result()->mutable_reschedule()->set_reason("занят");
  EXPECT_EQ(ResultKindOf(ev), "reschedule");
  ev.clear_result();
  EXPECT_EQ(ResultKindOf(ev), "");
}

TEST(PlannedContactRowTest, KeepsIdsTypeAndTime) {
  ContactPlanned ev;
  ev.set_contact(std::string("contacts/") + kContactId);
  ev.set_owner(std::string("employees/") + kOwnerId);
  ev.set_type(crm::planning::v1::CONTACT_TYPE_CALL);
  *ev.mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kNewYear2026);
  auto row = PlannedContactRow(ev, "2026-01-01T09:00:00Z");
  EXPECT_EQ(row.id, kContactId);
  EXPECT_EQ(row.owner_id, kOwnerId);
  EXPECT_EQ(row.type, "CONTACT_TYPE_CALL");
  EXPECT_EQ(row.scheduled_rfc3339, "2026-01-01T00:00:00Z");
  EXPECT_TRUE(row.result_kind.empty());
  EXPECT_EQ(row.event_rfc3339, "2026-01-01T09:00:00Z");
}

TEST(UpdatedContactRowTest, TheContactAsItIsNowWithItsFieldPaths) {
  ContactUpdated ev;
  auto* contact = ev.mutable_contact();
  contact->set_name(std::string("contacts/") + kContactId);
  contact->set_owner(std::string("employees/") + kOwnerId);
  contact->set_type(crm::planning::v1::CONTACT_TYPE_MEETING);
  *contact->mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kNewYear2026 + 3600);
  auto row = UpdatedContactRow(ev, "");
  EXPECT_EQ(row.id, kContactId);
  EXPECT_EQ(row.owner_id, kOwnerId);
  EXPECT_EQ(row.type, "CONTACT_TYPE_MEETING");
  EXPECT_EQ(row.scheduled_rfc3339, "2026-01-01T01:00:00Z");

  contact->clear_owner();
  contact->clear_scheduled_time();
  EXPECT_THAT(ViolatedFieldsOf([&] { UpdatedContactRow(ev, ""); }),
              UnorderedElementsAre("contact.owner", "contact.scheduled_time"));
}

TEST(ReassignedContactRowTest, TheNewOwner) {
  ContactReassigned ev;
  ev.set_contact(std::string("contacts/") + kContactId);
  ev.set_previous_owner("employees/00000000-0000-4000-8000-000000000001");
  ev.set_new_owner(std::string("employees/") + kOwnerId);
  *ev.mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kNewYear2026);
  auto row = ReassignedContactRow(ev, "");
  EXPECT_EQ(row.owner_id, kOwnerId);
  EXPECT_EQ(row.type, "");

  ev.clear_new_owner();
  EXPECT_THAT(ViolatedFieldsOf([&] { ReassignedContactRow(ev, ""); }),
              UnorderedElementsAre("new_owner"));
}

TEST(CancelledContactRowTest, NeedsTheContactItsOwnerAndTime) {
  ContactCancelled ev;
  ev.set_contact(std::string("contacts/") + kContactId);
  ev.set_owner(std::string("employees/") + kOwnerId);
  *ev.mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(kNewYear2026);
  EXPECT_EQ(CancelledContactRow(ev, "").id, kContactId);

  ev.set_contact("contacts/x");
  ev.clear_scheduled_time();
  EXPECT_THAT(ViolatedFieldsOf([&] { CancelledContactRow(ev, ""); }),
              UnorderedElementsAre("contact", "scheduled_time"));
}

TEST(PlannedContactRowTest, RejectsAnEventItCannotPlace) {
  ContactPlanned ev;
  ev.set_contact("contacts/1");
  EXPECT_THAT(ViolatedFieldsOf([&] { PlannedContactRow(ev, ""); }),
              UnorderedElementsAre("contact", "owner", "scheduled_time"));
}

TEST(CompletedContactRowTest, KeepsResultKindAndCompleteTime) {
  auto row = CompletedContactRow(Completed());
  EXPECT_EQ(row.type, "CONTACT_TYPE_MEETING");
  EXPECT_EQ(row.result_kind, "refusal");
  EXPECT_EQ(row.complete_rfc3339, "2026-01-01T01:00:00Z");
}

TEST(CompletedContactRowTest, RejectsAnEventWithoutResultOrCompleteTime) {
  ContactCompleted ev = Completed();
  ev.clear_result();
  ev.clear_result_kind();
  ev.clear_complete_time();
  EXPECT_THAT(ViolatedFieldsOf([&] { CompletedContactRow(ev); }),
              UnorderedElementsAre("result_kind", "complete_time"));
}

TEST(SaleRowOfTest, KeepsManagerAreaAndAmounts) {
  SaleRecorded ev;
  ev.set_sale(std::string("sales/") + kContactId);
  ev.mutable_manager()->set_employee(std::string("employees/") + kOwnerId);
  ev.mutable_manager()->set_full_name("Иванова Анна");
  ev.set_area_dm2(1250);
  ev.mutable_net_amount()->set_currency_code("RUB");
  ev.mutable_net_amount()->set_minor_units(12200000);
  ev.mutable_total_amount()->set_currency_code("RUB");
  ev.mutable_total_amount()->set_minor_units(14884000);
  *ev.mutable_sale_time() = TimeUtil::SecondsToTimestamp(kNewYear2026);
  ev.set_stand_type(crm::planning::v1::STAND_TYPE_CORNER);
  auto row = SaleRowOf(ev, "2026-01-02T10:00:00Z");
  EXPECT_EQ(row.manager_id, kOwnerId);
  EXPECT_EQ(row.manager_full_name, "Иванова Анна");
  EXPECT_EQ(row.area_dm2, 1250);
  EXPECT_EQ(row.net_kopecks, 12200000);
  EXPECT_EQ(row.total_kopecks, 14884000);
  EXPECT_EQ(row.stand_type, "STAND_TYPE_CORNER");
  EXPECT_FALSE(row.cancelled);
  EXPECT_EQ(row.event_rfc3339, "2026-01-02T10:00:00Z");

  // A snapshot in the CANCELLED state (sale.cancelled's `sale`) is cancelled; the open-area type
  // (value 5, shared with its former name) reads as registry's name.
  ev.set_state("CANCELLED");
  ev.set_stand_type(crm::planning::v1::STAND_TYPE_OPEN_AREA);
  row = SaleRowOf(ev, "");
  EXPECT_TRUE(row.cancelled);
  EXPECT_EQ(row.stand_type, "STAND_TYPE_OPEN_AREA");

  ev.mutable_total_amount()->set_currency_code("EUR");
  ev.clear_sale_time();
  EXPECT_THAT(ViolatedFieldsOf([&] { SaleRowOf(ev, ""); }),
              UnorderedElementsAre("total_amount.currency_code", "sale_time"));
}

TEST(ManagerRowOfTest, NeedsAnEmployeeName) {
  EmployeeCreated ev;
  ev.mutable_employee()->set_employee(std::string("employees/") + kOwnerId);
  ev.mutable_employee()->set_full_name("Петров Пётр");
  EXPECT_EQ(ManagerRowOf(ev).full_name, "Петров Пётр");
  ev.mutable_employee()->set_employee("employees/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { ManagerRowOf(ev); }),
              UnorderedElementsAre("employee.employee"));
}

}  // namespace
}  // namespace crm::analytics::domain
