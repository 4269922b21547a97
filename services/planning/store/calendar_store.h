#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "crm/planning/v1/calendar.pb.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"

// The calendar's SQL (store/sql/calendar.sql), executed by name in the caller's transaction.
namespace crm::planning::store {

// Everything UpdateContact writes: the task after the change.
struct TaskUpdate {
  std::string id;
  std::optional<std::string> contact_person_id;
  std::string project_id;
  std::string edition_id;
  v1::ContactType type = v1::CONTACT_TYPE_UNSPECIFIED;
  std::string purpose;
  domain::TaskAttributes task;
  google::protobuf::Timestamp scheduled_time;
  std::string owner_id;
  google::protobuf::Timestamp update_time;
};
// nullopt when the task is no longer planned.
std::optional<ContactRow> UpdateContact(pqxx::transaction_base& tx, const TaskUpdate& update);
std::optional<ContactRow> CancelContact(pqxx::transaction_base& tx, const std::string& id,
                                        const google::protobuf::Timestamp& cancel_time,
                                        const std::string& reason);

// Replaces the pending reminders of a task with `due_times` (domain::DueTimes).
void ReplanReminders(pqxx::transaction_base& tx, const std::string& contact_id,
                     const std::string& owner_id,
                     const std::vector<google::protobuf::Timestamp>& due_times);
void DropPendingReminders(pqxx::transaction_base& tx, const std::string& contact_id);

// --- dispatching reminders (reminder_scheduler.cpp) ----------------------------------------------

// Waits for the other replicas' dispatching transactions and holds the lock until commit.
void LockReminderDispatch(pqxx::transaction_base& tx);
// Drops the due reminders of tasks that are no longer planned.
void DropStaleReminders(pqxx::transaction_base& tx, const google::protobuf::Timestamp& now);
// Claims and numbers up to `limit` reminders due at `now`; the notices carry the task, the
// client's name and the owner's local start time.
std::vector<v1::ReminderNotice> ClaimDueReminders(pqxx::transaction_base& tx,
                                                  const google::protobuf::Timestamp& now,
                                                  int limit);
// Wakes the readers of dispatched reminders on every replica once the transaction commits.
void NotifyRemindersDispatched(pqxx::transaction_base& tx);
// The earliest pending fire time, nullopt when nothing is pending.
std::optional<google::protobuf::Timestamp> NextReminderTime(pqxx::transaction_base& tx);
// Reminders dispatched to `owner_id` after `after_sequence` and since `since`, in order.
std::vector<v1::ReminderNotice> ListDispatchedReminders(pqxx::transaction_base& tx,
                                                        const std::string& owner_id,
                                                        int64_t after_sequence,
                                                        const google::protobuf::Timestamp& since,
                                                        int limit);

// A task moved by ReassignPlanned.
struct Reassigned {
  std::string contact_id;
  std::string client_id;
  std::string new_owner_id;
  google::protobuf::Timestamp scheduled_time;
};
// Moves every planned task of `from_owner_id` to `to_owner_ids` in turn (by start time).
std::vector<Reassigned> ReassignPlanned(pqxx::transaction_base& tx,
                                        const std::string& from_owner_id,
                                        const std::vector<std::string>& to_owner_ids,
                                        const google::protobuf::Timestamp& now);
// Moves the planned tasks of `from_owner_id` with the clients of `terms` (registry's new
// curator terms) to the employee of the term matching each best: same project, then same contact
// person, then the client as a whole. `event_time` (RFC 3339) is their update time, now when
// nullopt.
std::vector<Reassigned> ReassignPlannedToCurators(pqxx::transaction_base& tx,
                                                  const std::string& from_owner_id,
                                                  const std::vector<CuratorTermRow>& terms,
                                                  const std::optional<std::string>& event_time);

// --- time zones ----------------------------------------------------------------------------------

struct CalendarSettingsRow {
  std::string time_zone;
  std::optional<google::protobuf::Timestamp> update_time;  // nullopt: the default, never set
};
// The employee's settings, the default zone when they never set one.
CalendarSettingsRow FindCalendarSettings(pqxx::transaction_base& tx,
                                         const std::string& employee_id);
void UpsertCalendarSettings(pqxx::transaction_base& tx, const std::string& employee_id,
                            const std::string& time_zone,
                            const google::protobuf::Timestamp& update_time);
// True when PostgreSQL's tz database has the zone.
bool TimeZoneKnown(pqxx::transaction_base& tx, const std::string& time_zone);

// [start, end) of the local day/week/month ("day", "week", "month") holding `date` in `zone`.
struct Period {
  google::protobuf::Timestamp start;
  google::protobuf::Timestamp end;
};
Period CalendarBounds(pqxx::transaction_base& tx, const std::string& local_date,
                      const std::string& unit, const std::string& time_zone);

// `local_time` ("10:00") of the first working day (Monday to Friday) after the local date of
// `after` in `zone`.
google::protobuf::Timestamp NextWorkingMorning(pqxx::transaction_base& tx,
                                               const google::protobuf::Timestamp& after,
                                               const std::string& local_time,
                                               const std::string& time_zone);

// --- views ---------------------------------------------------------------------------------------

struct CalendarFilter {
  std::string owner_id;
  Period period;
  bool show_cancelled = false;
  std::optional<common::api::TimeKey> after;
  int limit = 50;
  // Only the fields of CALENDAR_VIEW_BASIC, read from the calendar index alone.
  bool basic = false;
};
std::vector<ContactRow> ListCalendar(pqxx::transaction_base& tx, const CalendarFilter& filter);

std::vector<ContactRow> ListOverdue(pqxx::transaction_base& tx,
                                    const google::protobuf::Timestamp& now,
                                    const common::auth::ListScope& scope,
                                    const std::optional<std::string>& owner_id,
                                    const std::optional<common::api::TimeKey>& after, int limit);

// Newest first; `before` is the keyset of the previous page's last row.
std::vector<ContactRow> ListTimeline(pqxx::transaction_base& tx, const std::string& client_id,
                                     const common::auth::ListScope& scope,
                                     const std::optional<common::api::TimeKey>& before, int limit);

}  // namespace crm::planning::store
