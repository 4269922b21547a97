#include "services/planning/store/calendar_store.h"

#include "common/bus/outbox.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::FirstRowOf;
using common::db::OrNull;
using common::db::Row;
using common::db::RowsOf;
using common::db::TimeParam;
using google::protobuf::Timestamp;

// A row of reassign_planned and reassign_planned_to_curators.
Reassigned ReassignedFromRow(const Row& row) {
  return {row.Text("id"), row.Text("client_id"), row.Text("owner_id"),
          row.TimeFromMicros("scheduled_time_us")};
}

// A row of claim_due_reminders and list_dispatched_reminders: the task's columns, then the
// reminder's own.
v1::ReminderNotice NoticeFromRow(const Row& r) {
  v1::ReminderNotice n;
  *n.mutable_task() = ContactFromRow(r).contact;
  n.set_contact(n.task().name());
  n.set_sequence(r.Int64("sequence"));
  *n.mutable_fire_time() = r.TimeFromMicros("fire_time_us");
  *n.mutable_dispatch_time() = r.TimeFromMicros("dispatch_time_us");
  n.set_client_display_name(r.Text("client_display_name"));
  n.set_time_zone(r.Text("time_zone"));
  n.set_local_start_time(r.Text("local_start_time"));
  return n;
}

}  // namespace

std::optional<ContactRow> UpdateContact(pqxx::transaction_base& tx, const TaskUpdate& u) {
  return FirstRowOf(
      tx.exec_prepared("update_contact", u.id, OrNull(u.contact_person_id), IdOrNull(u.project_id),
                       IdOrNull(u.edition_id), domain::ContactTypeText::Of(u.type), u.purpose,
                       OrNull(domain::StoredPurposeKind(u.task.purpose_kind)),
                       TimeParam(u.scheduled_time), u.task.duration_seconds,
                       common::bus::ToJson(u.task.channel), RemindersJson(u.task.reminders),
                       u.owner_id, TimeParam(u.update_time)),
      ContactFromRow);
}

std::optional<ContactRow> CancelContact(pqxx::transaction_base& tx, const std::string& id,
                                        const Timestamp& cancel_time, const std::string& reason) {
  return FirstRowOf(tx.exec_prepared("cancel_contact", id, TimeParam(cancel_time), reason),
                    ContactFromRow);
}

void ReplanReminders(pqxx::transaction_base& tx, const std::string& contact_id,
                     const std::string& owner_id, const std::vector<Timestamp>& due_times) {
  std::vector<std::string> times;
  times.reserve(due_times.size());
  for (const auto& t : due_times) {
    times.push_back(TimeParam(t));
  }
  // RFC 3339 text holds no commas, quotes, braces or spaces: a plain array literal.
  tx.exec_prepared("replan_reminders", contact_id, owner_id, common::db::ArrayLiteral(times));
  if (!due_times.empty()) {
    tx.exec_prepared("notify_reminders_planned");
  }
}

void LockReminderDispatch(pqxx::transaction_base& tx) {
  tx.exec_prepared("lock_reminder_dispatch");
}

void DropStaleReminders(pqxx::transaction_base& tx, const Timestamp& now) {
  tx.exec_prepared("drop_stale_reminders", TimeParam(now));
}

std::vector<v1::ReminderNotice> ClaimDueReminders(pqxx::transaction_base& tx, const Timestamp& now,
                                                  int limit) {
  return RowsOf(tx.exec_prepared("claim_due_reminders", TimeParam(now), limit), NoticeFromRow);
}

void NotifyRemindersDispatched(pqxx::transaction_base& tx) {
  tx.exec_prepared("notify_reminders_dispatched");
}

std::optional<Timestamp> NextReminderTime(pqxx::transaction_base& tx) {
  return Row(tx.exec_prepared1("next_reminder_time")).OptionalTimeFromMicros("fire_time_us");
}

std::vector<v1::ReminderNotice> ListDispatchedReminders(pqxx::transaction_base& tx,
                                                        const std::string& owner_id,
                                                        int64_t after_sequence,
                                                        const Timestamp& since, int limit) {
  return RowsOf(tx.exec_prepared("list_dispatched_reminders", owner_id, after_sequence,
                                 TimeParam(since), limit),
                NoticeFromRow);
}

void DropPendingReminders(pqxx::transaction_base& tx, const std::string& contact_id) {
  tx.exec_prepared("drop_pending_reminders", contact_id);
}

std::vector<Reassigned> ReassignPlanned(pqxx::transaction_base& tx,
                                        const std::string& from_owner_id,
                                        const std::vector<std::string>& to_owner_ids,
                                        const Timestamp& now) {
  return RowsOf(tx.exec_prepared("reassign_planned", from_owner_id,
                                 common::db::ArrayLiteral(to_owner_ids), TimeParam(now)),
                ReassignedFromRow);
}

std::vector<Reassigned> ReassignPlannedToCurators(pqxx::transaction_base& tx,
                                                  const std::string& from_owner_id,
                                                  const std::vector<CuratorTermRow>& terms,
                                                  const std::optional<std::string>& event_time) {
  std::vector<std::string> clients;
  std::vector<std::string> projects;
  std::vector<std::string> persons;
  std::vector<std::string> employees;
  for (const CuratorTermRow& term : terms) {
    clients.push_back(term.client_id);
    projects.push_back(term.project_id);
    persons.push_back(term.contact_person_id.value_or("NULL"));  // NULL in an array literal
    employees.push_back(term.employee_id);
  }
  return RowsOf(
      tx.exec_prepared("reassign_planned_to_curators", from_owner_id,
                       common::db::ArrayLiteral(clients), OrNull(event_time),
                       common::db::ArrayLiteral(projects), common::db::ArrayLiteral(persons),
                       common::db::ArrayLiteral(employees)),
      ReassignedFromRow);
}

CalendarSettingsRow FindCalendarSettings(pqxx::transaction_base& tx,
                                         const std::string& employee_id) {
  auto result = tx.exec_prepared("find_calendar_settings", employee_id);
  if (result.empty()) {
    return {domain::kDefaultTimeZone, std::nullopt};
  }
  const Row row(result[0]);
  return {row.Text("time_zone"), row.TimeFromMicros("update_time_us")};
}

void UpsertCalendarSettings(pqxx::transaction_base& tx, const std::string& employee_id,
                            const std::string& time_zone, const Timestamp& update_time) {
  tx.exec_prepared("upsert_calendar_settings", employee_id, time_zone, TimeParam(update_time));
}

bool TimeZoneKnown(pqxx::transaction_base& tx, const std::string& time_zone) {
  return Row(tx.exec_prepared1("time_zone_known", time_zone)).Bool("known");
}

Period CalendarBounds(pqxx::transaction_base& tx, const std::string& local_date,
                      const std::string& unit, const std::string& time_zone) {
  const Row row(tx.exec_prepared1("calendar_bounds", local_date, unit, time_zone));
  return {row.TimeFromMicros("start_us"), row.TimeFromMicros("end_us")};
}

Timestamp NextWorkingMorning(pqxx::transaction_base& tx, const Timestamp& after,
                             const std::string& local_time, const std::string& time_zone) {
  return Row(tx.exec_prepared1("next_working_morning", TimeParam(after), local_time, time_zone))
      .TimeFromMicros("at_us");
}

std::vector<ContactRow> ListCalendar(pqxx::transaction_base& tx, const CalendarFilter& f) {
  const KeyParams key = KeyParamsOf(f.after);
  const pqxx::result result = tx.exec_prepared(
      f.basic ? "list_calendar_basic" : "list_calendar", f.owner_id, TimeParam(f.period.start),
      TimeParam(f.period.end), f.show_cancelled, OrNull(key.time), OrNull(key.id), f.limit);
  return RowsOf(result, f.basic ? ContactSummaryFromRow : ContactFromRow);
}

std::vector<ContactRow> ListOverdue(pqxx::transaction_base& tx, const Timestamp& now,
                                    const common::auth::ListScope& scope,
                                    const std::optional<std::string>& owner_id,
                                    const std::optional<common::api::TimeKey>& after, int limit) {
  const KeyParams key = KeyParamsOf(after);
  common::db::UseCustomPlans(tx);  // the scope's ORs: a generic plan keeps them all
  return RowsOf(tx.exec_prepared("list_overdue", TimeParam(now), scope.all, OrNull(scope.owner_id),
                                 OrNull(scope.department_id), OrNull(owner_id), OrNull(key.time),
                                 OrNull(key.id), limit),
                ContactFromRow);
}

std::vector<ContactRow> ListTimeline(pqxx::transaction_base& tx, const std::string& client_id,
                                     const common::auth::ListScope& scope,
                                     const std::optional<common::api::TimeKey>& before, int limit) {
  const KeyParams key = KeyParamsOf(before);
  common::db::UseCustomPlans(tx);  // the scope's ORs: a generic plan keeps them all
  return RowsOf(
      tx.exec_prepared("list_timeline", client_id, scope.all, OrNull(scope.owner_id),
                       OrNull(scope.department_id), OrNull(key.time), OrNull(key.id), limit),
      ContactFromRow);
}

}  // namespace crm::planning::store
