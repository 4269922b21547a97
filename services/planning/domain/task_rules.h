#pragma once

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "crm/planning/v1/planning.pb.h"

// Pure rules of calendar tasks (planned contacts): their calendar attributes, reminders, update
// masks and time zones. No I/O.
namespace crm::planning::domain {

inline constexpr std::size_t kMaxRemindersPerTask = 10;
// A task lasts at most a working week (a stand at an exhibition).
inline constexpr int64_t kMaxDurationSeconds = 7 * 24 * 3600;
// A reminder at most 30 days before the start.
inline constexpr int64_t kMaxReminderLeadSeconds = 30 * 24 * 3600;
inline constexpr std::size_t kMaxChannelFieldChars = 500;
inline constexpr std::size_t kMaxCancelReasonChars = 2000;
inline constexpr char kDefaultTimeZone[] = "Europe/Samara";

// The calendar attributes of a task, validated.
struct TaskAttributes {
  v1::ContactPurpose purpose_kind = v1::CONTACT_PURPOSE_UNSPECIFIED;
  int64_t duration_seconds = 0;
  v1::ContactChannel channel;
  // Specs only (fire_time cleared).
  std::vector<v1::TaskReminder> reminders;
};

// Validates purpose_kind, duration, channel and reminders of `contact`, adding violations under
// `path` ("contact.reminders[1].before_start", ...).
TaskAttributes ValidateTaskAttributes(const v1::Contact& contact, const std::string& path,
                                      common::Violations& violations);

// The purpose is required unless purpose_kind says it.
void ValidatePurpose(const v1::Contact& contact, const std::string& path,
                     common::Violations& violations);

// When a reminder fires for a task starting at `start`.
google::protobuf::Timestamp FireTime(const v1::TaskReminder& reminder,
                                     const google::protobuf::Timestamp& start);

// When the reminders of a task starting at `start`, planned at `now`, are due: in order, without
// repeats. A task that has already started gets none; a reminder whose time has passed while the
// start is still ahead is due at once (`now`).
// With `catch_up` false (an update of an existing task), reminders whose time has passed are
// dropped instead: they were due, and fired, under the task's earlier plan.
std::vector<google::protobuf::Timestamp> DueTimes(const std::vector<v1::TaskReminder>& reminders,
                                                  const google::protobuf::Timestamp& start,
                                                  const google::protobuf::Timestamp& now,
                                                  bool catch_up);

// The Contact fields UpdateContact may change, by their field numbers; an update mask names each
// by its field name ("purpose_kind").
enum class TaskField {
  kContactPerson = v1::Contact::kContactPersonFieldNumber,
  kEdition = v1::Contact::kEditionFieldNumber,
  kType = v1::Contact::kTypeFieldNumber,
  kPurpose = v1::Contact::kPurposeFieldNumber,
  kPurposeKind = v1::Contact::kPurposeKindFieldNumber,
  kScheduledTime = v1::Contact::kScheduledTimeFieldNumber,
  kDuration = v1::Contact::kDurationFieldNumber,
  kChannel = v1::Contact::kChannelFieldNumber,
  kReminders = v1::Contact::kRemindersFieldNumber,
  kOwner = v1::Contact::kOwnerFieldNumber,
};
inline std::string_view TaskFieldPath(TaskField field) {
  return common::api::FieldText<TaskField, v1::Contact>::Of(field);
}

// The task fields an UpdateContact mask names (common/api/update_mask.h: unknown or output-only
// paths and an empty mask are violations on "update_mask"), without repeats.
std::vector<TaskField> ParseTaskMask(const google::protobuf::FieldMask& mask,
                                     common::Violations& violations);

// A plausible IANA zone name ("Europe/Samara", "UTC"): letters, digits, '/', '_', '-', '+'.
// Whether the database knows it is checked by the store.
bool IsWellFormedTimeZone(std::string_view name);

// The stored text of a task's enums ("CALL", "SEND_OFFER", "PLANNED").
using ContactTypeText = common::api::EnumText<v1::ContactType>;
using PurposeKindText = common::api::EnumText<v1::ContactPurpose>;
using ContactStateText = common::api::EnumText<v1::ContactState>;
// The purpose kind as a column value: NULL (nullopt) for none.
inline std::optional<std::string> StoredPurposeKind(v1::ContactPurpose kind) {
  std::string text = PurposeKindText::Of(kind);
  return text.empty() ? std::nullopt : std::optional<std::string>(std::move(text));
}

}  // namespace crm::planning::domain
