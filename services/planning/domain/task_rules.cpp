#include "services/planning/domain/task_rules.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/api/update_mask.h"
#include "services/planning/domain/contact_rules.h"

namespace crm::planning::domain {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

void CheckChannelField(const std::string& value, const std::string& field,
                       common::Violations& violations) {
  if (CharCount(value) > kMaxChannelFieldChars) {
    violations.Add(field,
                   "must be at most " + std::to_string(kMaxChannelFieldChars) + " characters");
  }
}

}  // namespace

void ValidatePurpose(const v1::Contact& contact, const std::string& path,
                     common::Violations& violations) {
  const std::string field = path + ".purpose";
  if (contact.purpose_kind() == v1::CONTACT_PURPOSE_UNSPECIFIED && !HasContent(contact.purpose())) {
    violations.Add(field, "is required unless purpose_kind is set");
  } else if (CharCount(contact.purpose()) > kMaxPurposeChars) {
    violations.Add(field, "must be at most " + std::to_string(kMaxPurposeChars) + " characters");
  }
}

TaskAttributes ValidateTaskAttributes(const v1::Contact& contact, const std::string& path,
                                      common::Violations& violations) {
  TaskAttributes out;
  if (!v1::ContactPurpose_IsValid(contact.purpose_kind())) {
    violations.Add(path + ".purpose_kind", "is not a known purpose");
  } else {
    out.purpose_kind = contact.purpose_kind();
  }

  if (contact.has_duration()) {
    const auto& d = contact.duration();
    if (d.seconds() < 0 || d.nanos() != 0 || d.seconds() > kMaxDurationSeconds) {
      violations.Add(path + ".duration", "must be whole seconds from 0 to 7 days");
    } else {
      out.duration_seconds = d.seconds();
    }
  }

  CheckChannelField(contact.channel().phone(), path + ".channel.phone", violations);
  CheckChannelField(contact.channel().email(), path + ".channel.email", violations);
  CheckChannelField(contact.channel().address(), path + ".channel.address", violations);
  out.channel = contact.channel();

  if (static_cast<std::size_t>(contact.reminders_size()) > kMaxRemindersPerTask) {
    violations.Add(path + ".reminders",
                   "must hold at most " + std::to_string(kMaxRemindersPerTask) + " reminders");
  }
  for (int i = 0; i < contact.reminders_size(); ++i) {
    const auto& r = contact.reminders(i);
    const std::string p = path + ".reminders[" + std::to_string(i) + "]";
    v1::TaskReminder spec;
    switch (r.when_case()) {
      case v1::TaskReminder::kBeforeStart: {
        const auto& d = r.before_start();
        if (d.seconds() < 0 || d.nanos() != 0 || d.seconds() > kMaxReminderLeadSeconds) {
          violations.Add(p + ".before_start", "must be whole seconds from 0 to 30 days");
        }
        *spec.mutable_before_start() = d;
        break;
      }
      case v1::TaskReminder::kRemindTime:
        if (!IsPlausibleTime(r.remind_time())) {
          violations.Add(p + ".remind_time", "must be a valid time in the years 2000 to 2099");
        }
        *spec.mutable_remind_time() = r.remind_time();
        break;
      case v1::TaskReminder::WHEN_NOT_SET:
        violations.Add(p, "must set before_start or remind_time");
        break;
    }
    out.reminders.push_back(spec);
  }
  return out;
}

Timestamp FireTime(const v1::TaskReminder& reminder, const Timestamp& start) {
  if (reminder.when_case() == v1::TaskReminder::kRemindTime) {
    return reminder.remind_time();
  }
  return start - reminder.before_start();
}

std::vector<Timestamp> DueTimes(const std::vector<v1::TaskReminder>& reminders,
                                const Timestamp& start, const Timestamp& now, bool catch_up) {
  std::vector<Timestamp> times;
  if (start <= now) {
    return times;
  }
  for (const auto& r : reminders) {
    const Timestamp fire = FireTime(r, start);
    if (fire > now) {
      times.push_back(fire);
    } else if (catch_up) {
      times.push_back(now);
    }
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

std::vector<TaskField> ParseTaskMask(const google::protobuf::FieldMask& mask,
                                     common::Violations& violations) {
  static constexpr std::array<TaskField, 10> kAll = {
      TaskField::kContactPerson, TaskField::kEdition,     TaskField::kType,
      TaskField::kPurpose,       TaskField::kPurposeKind, TaskField::kScheduledTime,
      TaskField::kDuration,      TaskField::kChannel,     TaskField::kReminders,
      TaskField::kOwner};
  static const std::array<std::string_view, kAll.size()> kPaths = [] {
    std::array<std::string_view, kAll.size()> paths;
    std::transform(kAll.begin(), kAll.end(), paths.begin(), TaskFieldPath);
    return paths;
  }();
  std::vector<TaskField> fields;
  for (const std::string& path : common::api::ReadUpdateMask(violations, mask, kPaths)) {
    fields.push_back(kAll[static_cast<std::size_t>(std::find(kPaths.begin(), kPaths.end(), path) -
                                                   kPaths.begin())]);
  }
  return fields;
}

bool IsWellFormedTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

}  // namespace crm::planning::domain
