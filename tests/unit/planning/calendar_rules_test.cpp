// Pure rules of calendar tasks: who may see and change which tasks (domain/access.h), the task
// attributes, update masks, reminder times and time zone names (domain/task_rules.h).

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/core/errors.h"
#include "services/planning/domain/access.h"
#include "services/planning/domain/task_rules.h"

namespace crm::planning::domain {
namespace {

using common::auth::Principal;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kManager[] = "66666666-6666-4666-8666-666666666666";
constexpr char kOtherManager[] = "77777777-7777-4777-8777-777777777777";
constexpr char kHead[] = "88888888-8888-4888-8888-888888888888";

Timestamp At(const char* rfc3339) {
  Timestamp t;
  EXPECT_TRUE(TimeUtil::FromString(rfc3339, &t)) << rfc3339;
  return t;
}

Actor ActorWith(Role role, const std::string& id, const std::string& department = "") {
  Actor actor;
  actor.principal.subject = "employees/" + id;
  actor.principal.roles = {role};
  actor.employee_id = id;
  actor.department = department;
  return actor;
}

const RecordOwner kOwnTask{kManager, "Отдел продаж 1"};
const RecordOwner kOtherTask{kOtherManager, "Отдел продаж 2"};

// --- access ------------------------------------------------------------------------------------

TEST(AccessTest, ManagerSeesAndChangesOnlyOwnTasks) {
  const Actor manager = ActorWith(Role::kSalesManager, kManager, "Отдел продаж 1");
  EXPECT_TRUE(MayAccess(manager, AccessAction::kRead, kOwnTask));
  EXPECT_TRUE(MayAccess(manager, AccessAction::kWrite, kOwnTask));
  // Same department is not enough for a manager.
  EXPECT_FALSE(MayAccess(manager, AccessAction::kRead, {kOtherManager, "Отдел продаж 1"}));
  EXPECT_FALSE(MayAccess(manager, AccessAction::kWrite, kOtherTask));
  EXPECT_THROW(CheckAccess(manager, AccessAction::kWrite, kOtherTask), common::PermissionError);
  const ListScope scope = ReadScope(manager);
  EXPECT_FALSE(scope.all);
  EXPECT_EQ(scope.owner_id, kManager);
  EXPECT_FALSE(scope.department.has_value());
}

TEST(AccessTest, HeadOfSalesReachesTheirDepartmentOnly) {
  const Actor head = ActorWith(Role::kSalesHead, kHead, "Отдел продаж 1");
  EXPECT_TRUE(MayAccess(head, AccessAction::kRead, kOwnTask));
  EXPECT_TRUE(MayAccess(head, AccessAction::kWrite, kOwnTask));
  EXPECT_TRUE(MayAccess(head, AccessAction::kWrite, {kHead, ""}));  // their own task
  EXPECT_FALSE(MayAccess(head, AccessAction::kRead, kOtherTask));
  EXPECT_THROW(CheckAccess(head, AccessAction::kWrite, kOtherTask), common::PermissionError);
  const ListScope scope = ReadScope(head);
  EXPECT_FALSE(scope.all);
  EXPECT_EQ(scope.owner_id, kHead);
  EXPECT_EQ(scope.department, "Отдел продаж 1");
}

TEST(AccessTest, HeadWithoutADepartmentReachesNoOtherManager) {
  const Actor head = ActorWith(Role::kSalesHead, kHead, "");
  // An owner whose department is unknown ("") is not in the head's (unknown) department.
  EXPECT_FALSE(MayAccess(head, AccessAction::kRead, {kManager, ""}));
  EXPECT_TRUE(MayAccess(head, AccessAction::kRead, {kHead, ""}));
}

TEST(AccessTest, AnalystReadsEverythingAndChangesNothing) {
  const Actor analyst = ActorWith(Role::kAnalyst, kOtherManager);
  EXPECT_TRUE(MayAccess(analyst, AccessAction::kRead, kOwnTask));
  EXPECT_TRUE(MayAccess(analyst, AccessAction::kRead, kOtherTask));
  EXPECT_FALSE(MayAccess(analyst, AccessAction::kWrite, kOwnTask));
  EXPECT_THROW(CheckAccess(analyst, AccessAction::kWrite, kOwnTask), common::PermissionError);
  EXPECT_TRUE(ReadScope(analyst).all);
}

TEST(AccessTest, AccountantHasNoAccessToTasks) {
  const Actor accountant = ActorWith(Role::kAccountant, kOtherManager);
  EXPECT_FALSE(MayAccess(accountant, AccessAction::kRead, kOwnTask));
  EXPECT_FALSE(MayAccess(accountant, AccessAction::kWrite, kOwnTask));
  EXPECT_THROW(ReadScope(accountant), common::PermissionError);
  EXPECT_THROW(CheckAccess(accountant, AccessAction::kRead, kOwnTask), common::PermissionError);
}

TEST(AccessTest, SalesFollowTheTaskRuleAndAccountantsReadThemAll) {
  const Actor manager = ActorWith(Role::kSalesManager, kManager, "Отдел продаж 1");
  EXPECT_NO_THROW(CheckSaleRead(manager, kOwnTask));
  EXPECT_THROW(CheckSaleRead(manager, kOtherTask), common::PermissionError);
  EXPECT_EQ(SaleReadScope(manager).owner_id, kManager);

  const Actor head = ActorWith(Role::kSalesHead, kHead, "Отдел продаж 1");
  EXPECT_NO_THROW(CheckSaleRead(head, kOwnTask));
  EXPECT_THROW(CheckSaleRead(head, kOtherTask), common::PermissionError);
  const ListScope department = SaleReadScope(head);
  EXPECT_FALSE(department.all);
  EXPECT_EQ(department.department, "Отдел продаж 1");

  const Actor accountant = ActorWith(Role::kAccountant, kOtherManager);
  EXPECT_NO_THROW(CheckSaleRead(accountant, kOwnTask));
  EXPECT_TRUE(SaleReadScope(accountant).all);
  EXPECT_THROW(ReadScope(accountant), common::PermissionError);  // still no tasks
}

TEST(AccessTest, AdminReachesEverythingAndServicesRead) {
  EXPECT_TRUE(MayAccess(ActorWith(Role::kAdmin, kHead), AccessAction::kWrite, kOtherTask));
  Actor service;
  service.principal.subject = "services/analytics";
  service.principal.roles = {Role::kService};
  EXPECT_TRUE(MayAccess(service, AccessAction::kRead, kOwnTask));
  EXPECT_FALSE(MayAccess(service, AccessAction::kWrite, kOwnTask));
}

// --- task attributes
// -------------------------------------------------------------------------------

TEST(TaskRulesTest, PurposeKindMakesTheDescriptionOptional) {
  v1::Contact contact;
  common::Violations violations;
  ValidatePurpose(contact, "contact", violations);
  EXPECT_FALSE(violations.empty());

  contact.set_purpose_kind(v1::CONTACT_PURPOSE_SEND_OFFER);
  common::Violations none;
  ValidatePurpose(contact, "contact", none);
  EXPECT_TRUE(none.empty());
}

TEST(TaskRulesTest, AttributesCollectEveryViolationUnderItsPath) {
  v1::Contact contact;
  contact.set_purpose_kind(static_cast<v1::ContactPurpose>(99));
  contact.mutable_duration()->set_seconds(-5);
  contact.mutable_channel()->set_phone(std::string(501, '1'));
  contact.add_reminders();  // neither offset nor time
  contact.add_reminders()->mutable_before_start()->set_seconds(31 * 24 * 3600);
  contact.add_reminders()->mutable_remind_time()->set_seconds(10);  // 1970
  common::Violations violations;
  ValidateTaskAttributes(contact, "contact", violations);
  try {
    violations.ThrowIfAny();
    FAIL() << "expected violations";
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    EXPECT_THAT(fields,
                ElementsAre("contact.purpose_kind", "contact.duration", "contact.channel.phone",
                            "contact.reminders[0]", "contact.reminders[1].before_start",
                            "contact.reminders[2].remind_time"));
  }
}

TEST(TaskRulesTest, TooManyRemindersAreRejected) {
  v1::Contact contact;
  for (int i = 0; i < 11; ++i) {
    contact.add_reminders()->mutable_before_start()->set_seconds(60 * (i + 1));
  }
  common::Violations violations;
  ValidateTaskAttributes(contact, "contact", violations);
  EXPECT_FALSE(violations.empty());
}

TEST(TaskRulesTest, DueTimesFollowTheStartAndCatchUpOnlyWhenPlanning) {
  v1::TaskReminder quarter;
  quarter.mutable_before_start()->set_seconds(15 * 60);
  v1::TaskReminder day;
  day.mutable_before_start()->set_seconds(24 * 3600);
  v1::TaskReminder fixed;
  *fixed.mutable_remind_time() = At("2026-03-20T06:00:00Z");
  v1::TaskReminder same_as_quarter;
  same_as_quarter.mutable_before_start()->set_seconds(15 * 60);
  const std::vector<v1::TaskReminder> reminders = {quarter, day, fixed, same_as_quarter};

  const Timestamp start = At("2026-03-20T08:00:00Z");
  auto times = DueTimes(reminders, start, At("2026-03-16T07:00:00Z"), true);
  std::vector<std::string> text;
  for (const auto& t : times) {
    text.push_back(TimeUtil::ToString(t));
  }
  EXPECT_THAT(text,
              ElementsAre("2026-03-19T08:00:00Z", "2026-03-20T06:00:00Z", "2026-03-20T07:45:00Z"));

  // Planned at 07:30: the day-before and the 06:00 reminders are late, so they fire at once
  // (once); an update at the same time drops them instead.
  const Timestamp now = At("2026-03-20T07:30:00Z");
  EXPECT_EQ(DueTimes(reminders, start, now, true).size(), 2u);
  EXPECT_EQ(DueTimes(reminders, start, now, true).front(), now);
  EXPECT_EQ(DueTimes(reminders, start, now, false).size(), 1u);
  // A task that has started gets no reminders.
  EXPECT_THAT(DueTimes(reminders, start, At("2026-03-20T08:00:00Z"), true), IsEmpty());
}

TEST(TaskRulesTest, UpdateMaskAcceptsTaskFieldsOnly) {
  common::Violations violations;
  auto fields = ParseTaskMask({"scheduled_time", "reminders", "scheduled_time"}, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(fields, ElementsAre(TaskField::kScheduledTime, TaskField::kReminders));

  common::Violations bad;
  ParseTaskMask({"state"}, bad);
  EXPECT_FALSE(bad.empty());
  common::Violations empty;
  ParseTaskMask({}, empty);
  EXPECT_FALSE(empty.empty());
}

TEST(TaskRulesTest, TimeZoneNamesAreChecked) {
  EXPECT_TRUE(IsWellFormedTimeZone("Europe/Samara"));
  EXPECT_TRUE(IsWellFormedTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsWellFormedTimeZone("Etc/GMT+4"));
  EXPECT_FALSE(IsWellFormedTimeZone(""));
  EXPECT_FALSE(IsWellFormedTimeZone("Europe/Samara'; DROP TABLE contacts"));
}

TEST(TaskRulesTest, PurposeKindTextRoundTrips) {
  EXPECT_EQ(PurposeKindText(v1::CONTACT_PURPOSE_PAYMENT_REMINDER), "PAYMENT_REMINDER");
  EXPECT_EQ(PurposeKindFromText("INVITE_TO_VISIT"), v1::CONTACT_PURPOSE_INVITE_TO_VISIT);
  EXPECT_THROW(PurposeKindFromText("BOGUS"), std::runtime_error);
}

}  // namespace
}  // namespace crm::planning::domain
