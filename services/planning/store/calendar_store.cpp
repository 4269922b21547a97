#include "services/planning/store/calendar_store.h"

#include <google/protobuf/util/time_util.h>

#include "common/bus/outbox.h"
#include "common/db/pool.h"
#include "services/planning/domain/task_rules.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::optional<ContactRow> FirstRow(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ContactFromRow(result[0]);
}

// Every row decoded by `decode` (ContactFromRow unless the statement selects other columns).
std::vector<ContactRow> Rows(const pqxx::result& result,
                             ContactRow (*decode)(const pqxx::row&) = ContactFromRow) {
  std::vector<ContactRow> rows;
  rows.reserve(result.size());
  for (const auto& r : result) {
    rows.push_back(decode(r));
  }
  return rows;
}

// Rows of CRM_PLANNING_REMINDER_NOTICE_COLUMNS: the task's 23 columns, 3 join helpers, then
// the reminder's own.
constexpr int kNoticeFirst = 26;

std::vector<v1::ReminderNotice> Notices(const pqxx::result& result) {
  std::vector<v1::ReminderNotice> notices;
  notices.reserve(result.size());
  for (const auto& r : result) {
    v1::ReminderNotice n;
    *n.mutable_task() = ContactFromRow(r).contact;
    n.set_contact(n.task().name());
    n.set_sequence(r[kNoticeFirst].as<int64_t>());
    *n.mutable_fire_time() = TimeUtil::MicrosecondsToTimestamp(r[kNoticeFirst + 1].as<int64_t>());
    *n.mutable_dispatch_time() =
        TimeUtil::MicrosecondsToTimestamp(r[kNoticeFirst + 2].as<int64_t>());
    n.set_client_display_name(r[kNoticeFirst + 3].c_str());
    n.set_time_zone(r[kNoticeFirst + 4].c_str());
    n.set_local_start_time(r[kNoticeFirst + 5].c_str());
    notices.push_back(std::move(n));
  }
  return notices;
}

struct KeyParams {
  std::optional<std::string> time;
  std::optional<std::string> id;
};
KeyParams KeyParamsOf(const std::optional<domain::TimeKey>& key) {
  if (!key) {
    return {};
  }
  return {SqlTime(TimeUtil::MicrosecondsToTimestamp(key->micros)), key->id};
}

}  // namespace

std::optional<ContactRow> UpdateContact(pqxx::transaction_base& tx, const TaskUpdate& u) {
  return FirstRow(tx.exec_prepared(
      "update_contact", u.id, OrNull(u.contact_person_id), u.project_id, u.edition_id,
      domain::ContactTypeText::Of(u.type), u.purpose,
      OrNull(domain::StoredPurposeKind(u.task.purpose_kind)), SqlTime(u.scheduled_time),
      u.task.duration_seconds, common::bus::ToJson(u.task.channel), RemindersJson(u.task.reminders),
      u.owner_id, SqlTime(u.update_time)));
}

std::optional<ContactRow> CancelContact(pqxx::transaction_base& tx, const std::string& id,
                                        const Timestamp& cancel_time, const std::string& reason) {
  return FirstRow(tx.exec_prepared("cancel_contact", id, SqlTime(cancel_time), reason));
}

void ReplanReminders(pqxx::transaction_base& tx, const std::string& contact_id,
                     const std::string& owner_id, const std::vector<Timestamp>& due_times) {
  std::string array = "{";
  for (const auto& t : due_times) {
    if (array.size() > 1) {
      array += ",";
    }
    array += SqlTime(t);
  }
  array += "}";
  tx.exec_prepared("replan_reminders", contact_id, owner_id, array);
  if (!due_times.empty()) {
    tx.exec_prepared("notify_reminders_planned");
  }
}

void LockReminderDispatch(pqxx::transaction_base& tx) {
  tx.exec_prepared("lock_reminder_dispatch");
}

void DropStaleReminders(pqxx::transaction_base& tx, const Timestamp& now) {
  tx.exec_prepared("drop_stale_reminders", SqlTime(now));
}

std::vector<v1::ReminderNotice> ClaimDueReminders(pqxx::transaction_base& tx, const Timestamp& now,
                                                  int limit) {
  return Notices(tx.exec_prepared("claim_due_reminders", SqlTime(now), limit));
}

std::optional<Timestamp> NextReminderTime(pqxx::transaction_base& tx) {
  auto row = tx.exec_prepared("next_reminder_time").at(0);
  if (row[0].is_null()) {
    return std::nullopt;
  }
  return TimeUtil::MicrosecondsToTimestamp(row[0].as<int64_t>());
}

std::vector<v1::ReminderNotice> ListDispatchedReminders(pqxx::transaction_base& tx,
                                                        const std::string& owner_id,
                                                        int64_t after_sequence,
                                                        const Timestamp& since, int limit) {
  return Notices(tx.exec_prepared("list_dispatched_reminders", owner_id, after_sequence,
                                  SqlTime(since), limit));
}

void DropPendingReminders(pqxx::transaction_base& tx, const std::string& contact_id) {
  tx.exec_prepared("drop_pending_reminders", contact_id);
}

std::vector<Reassigned> ReassignPlanned(pqxx::transaction_base& tx,
                                        const std::string& from_owner_id,
                                        const std::vector<std::string>& to_owner_ids,
                                        const Timestamp& now) {
  std::string array = "{";
  for (const auto& id : to_owner_ids) {
    if (array.size() > 1) {
      array += ",";
    }
    array += id;
  }
  array += "}";
  std::vector<Reassigned> moved;
  for (const auto& r : tx.exec_prepared("reassign_planned", from_owner_id, array, SqlTime(now))) {
    moved.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(),
                     TimeUtil::MicrosecondsToTimestamp(r[3].as<int64_t>())});
  }
  return moved;
}

CalendarSettingsRow FindCalendarSettings(pqxx::transaction_base& tx,
                                         const std::string& employee_id) {
  auto result = tx.exec_prepared("find_calendar_settings", employee_id);
  if (result.empty()) {
    return {domain::kDefaultTimeZone, std::nullopt};
  }
  return {result[0][0].c_str(), TimeUtil::MicrosecondsToTimestamp(result[0][1].as<int64_t>())};
}

void UpsertCalendarSettings(pqxx::transaction_base& tx, const std::string& employee_id,
                            const std::string& time_zone, const Timestamp& update_time) {
  tx.exec_prepared("upsert_calendar_settings", employee_id, time_zone, SqlTime(update_time));
}

bool TimeZoneKnown(pqxx::transaction_base& tx, const std::string& time_zone) {
  return tx.exec_prepared("time_zone_known", time_zone).at(0)[0].as<bool>();
}

Period CalendarBounds(pqxx::transaction_base& tx, const std::string& local_date,
                      const std::string& unit, const std::string& time_zone) {
  auto row = tx.exec_prepared("calendar_bounds", local_date, unit, time_zone).at(0);
  return {TimeUtil::MicrosecondsToTimestamp(row[0].as<int64_t>()),
          TimeUtil::MicrosecondsToTimestamp(row[1].as<int64_t>())};
}

std::vector<ContactRow> ListCalendar(pqxx::transaction_base& tx, const CalendarFilter& f) {
  KeyParams key = KeyParamsOf(f.after);
  const pqxx::result result = tx.exec_prepared(
      f.basic ? "list_calendar_basic" : "list_calendar", f.owner_id, SqlTime(f.period.start),
      SqlTime(f.period.end), f.show_cancelled, OrNull(key.time), OrNull(key.id), f.limit);
  return Rows(result, f.basic ? BasicContactFromRow : ContactFromRow);
}

std::vector<ContactRow> ListOverdue(pqxx::transaction_base& tx, const Timestamp& now,
                                    const common::auth::ListScope& scope,
                                    const std::optional<std::string>& owner_id,
                                    const std::optional<domain::TimeKey>& after, int limit) {
  KeyParams key = KeyParamsOf(after);
  return Rows(tx.exec_prepared("list_overdue", SqlTime(now), scope.all, OrNull(scope.owner_id),
                               OrNull(scope.department_id), OrNull(owner_id), OrNull(key.time),
                               OrNull(key.id), limit));
}

std::vector<ContactRow> ListTimeline(pqxx::transaction_base& tx, const std::string& client_id,
                                     const common::auth::ListScope& scope,
                                     const std::optional<domain::TimeKey>& before, int limit) {
  KeyParams key = KeyParamsOf(before);
  return Rows(tx.exec_prepared("list_timeline", client_id, scope.all, OrNull(scope.owner_id),
                               OrNull(scope.department_id), OrNull(key.time), OrNull(key.id),
                               limit));
}

}  // namespace crm::planning::store
