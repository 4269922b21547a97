// Pure rules of calendar tasks: the task attributes, update masks, reminder times and time zone
// names (domain/task_rules.h). Who sees which tasks is the shared rule (common/auth/access.h,
// tests/unit/common/auth/access_test.cpp).

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/core/errors.h"
#include "services/planning/domain/task_rules.h"
#include "tests/support/timestamps.h"

namespace crm::planning::domain {
namespace {

using crm::testing::At;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

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
  text.reserve(times.size());
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

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) {
    mask.add_paths(path);
  }
  return mask;
}

TEST(TaskRulesTest, UpdateMaskAcceptsTaskFieldsOnly) {
  common::Violations violations;
  auto fields = ParseTaskMask(Mask({"scheduled_time", "reminders", "scheduled_time"}), violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(fields, ElementsAre(TaskField::kScheduledTime, TaskField::kReminders));

  common::Violations bad;
  ParseTaskMask(Mask({"state"}), bad);
  EXPECT_FALSE(bad.empty());
  common::Violations empty;
  ParseTaskMask(Mask({}), empty);
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
  EXPECT_EQ(PurposeKindText::Of(v1::CONTACT_PURPOSE_PAYMENT_REMINDER), "PAYMENT_REMINDER");
  EXPECT_EQ(PurposeKindText::Parse("INVITE_TO_VISIT"), v1::CONTACT_PURPOSE_INVITE_TO_VISIT);
  EXPECT_THROW(PurposeKindText::Parse("BOGUS"), std::runtime_error);
}

}  // namespace
}  // namespace crm::planning::domain
