#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/planning/store/queries.h"

// Statements of the calendar: task updates and cancellation, views, time zones, reminders and
// bulk reassignment (calendar_store.cpp). Times go in as RFC 3339 text and come out as
// microseconds since the epoch.
namespace crm::planning {

// Who may be listed: $a all (boolean), else owner $b or an owner of department $c.
#define CRM_PLANNING_CALENDAR_SCOPE(a, b, c) CRM_PLANNING_SCOPE_ON("owner_id", a, b, c)

// A dispatched reminder ("claimed"): the task's columns, then sequence, fire and dispatch times,
// the client's name, the owner's time zone and the start in it.
#define CRM_PLANNING_REMINDER_NOTICE_COLUMNS                                                  \
  " task.*, claimed.sequence, (extract(epoch from claimed.fire_time) * 1000000)::bigint,"     \
  " (extract(epoch from claimed.dispatch_time) * 1000000)::bigint, cl.display_name, tz.zone," \
  " to_char(task.start_time AT TIME ZONE tz.zone, 'YYYY-MM-DD HH24:MI') "
#define CRM_PLANNING_REMINDER_JOINS                                                   \
  " JOIN LATERAL (SELECT" CRM_PLANNING_CONTACT_COLUMNS                                \
  ", client_id AS task_client,"                                                       \
  " owner_id AS task_owner, scheduled_time AS start_time FROM contacts"               \
  " WHERE contacts.id = claimed.contact_id) task ON true"                             \
  " JOIN clients cl ON cl.id = task.task_client"                                      \
  " CROSS JOIN LATERAL (SELECT coalesce((SELECT s.time_zone FROM calendar_settings s" \
  " WHERE s.employee_id = task.task_owner), 'Europe/Samara') AS zone) tz "

inline const std::vector<common::db::NamedQuery> kCalendarQueries = {
    // --- tasks -------------------------------------------------------------------------------
    {"update_contact",
     "UPDATE contacts SET contact_person_id = $2, project_id = $3, edition_id = $4, type = $5,"
     " purpose = $6, purpose_kind = $7, scheduled_time = $8, duration_s = $9,"
     " channel = $10::jsonb, reminders = $11::jsonb, owner_id = $12, version = version + 1,"
     " update_time = $13 WHERE id = $1 AND state = 'PLANNED'"
     " RETURNING" CRM_PLANNING_CONTACT_COLUMNS},
    {"cancel_contact",
     "UPDATE contacts SET state = 'CANCELLED', cancel_time = $2, cancel_reason = $3,"
     " version = version + 1, update_time = $2 WHERE id = $1 AND state = 'PLANNED'"
     " RETURNING" CRM_PLANNING_CONTACT_COLUMNS},

    // --- reminders ---------------------------------------------------------------------------
    // Drops the pending reminders of a task and plans $3 (a timestamptz[] literal), skipping
    // times already dispatched for it: a task's reminder fires once per planned time.
    {"replan_reminders",
     "WITH dropped AS (DELETE FROM task_reminders WHERE contact_id = $1 AND sequence IS NULL)"
     " INSERT INTO task_reminders (id, contact_id, owner_id, fire_time)"
     " SELECT gen_random_uuid(), $1, $2, t FROM unnest($3::timestamptz[]) AS t"
     " WHERE NOT EXISTS (SELECT 1 FROM task_reminders d WHERE d.contact_id = $1"
     " AND d.fire_time = t AND d.sequence IS NOT NULL)"},
    // Wakes the schedulers of every replica (reminder_scheduler.cpp) when a reminder is planned.
    {"notify_reminders_planned", "SELECT pg_notify('crm_reminders_planned', '')"},
    // Serialises dispatching transactions across replicas, so reminder numbers commit in order.
    {"lock_reminder_dispatch", "SELECT pg_advisory_xact_lock(7210346513)"},
    // Due reminders of tasks no longer planned (completed or cancelled) never fire.
    {"drop_stale_reminders",
     "DELETE FROM task_reminders r USING contacts c WHERE r.contact_id = c.id"
     " AND r.sequence IS NULL AND r.fire_time <= $1::timestamptz AND c.state <> 'PLANNED'"},
    // Claims up to $2 reminders due at $1, numbers them and returns them with their task.
    {"claim_due_reminders",
     "WITH due AS (SELECT id FROM task_reminders WHERE sequence IS NULL"
     " AND fire_time <= $1::timestamptz ORDER BY fire_time, id LIMIT $2 FOR UPDATE SKIP LOCKED),"
     " claimed AS (UPDATE task_reminders r SET sequence = nextval('reminder_sequence'),"
     " dispatch_time = $1::timestamptz FROM due WHERE r.id = due.id"
     " RETURNING r.contact_id, r.sequence, r.fire_time, r.dispatch_time)"
     " SELECT" CRM_PLANNING_REMINDER_NOTICE_COLUMNS "FROM claimed" CRM_PLANNING_REMINDER_JOINS
     " ORDER BY claimed.sequence"},
    // Reminders dispatched to owner $1 after sequence $2 and since $3, in order.
    {"list_dispatched_reminders",
     "SELECT" CRM_PLANNING_REMINDER_NOTICE_COLUMNS
     "FROM task_reminders claimed" CRM_PLANNING_REMINDER_JOINS
     " WHERE claimed.owner_id = $1 AND claimed.sequence > $2"
     " AND claimed.dispatch_time >= $3::timestamptz ORDER BY claimed.sequence LIMIT $4"},
    {"next_reminder_time",
     "SELECT (extract(epoch from min(fire_time)) * 1000000)::bigint FROM task_reminders"
     " WHERE sequence IS NULL"},
    {"drop_pending_reminders",
     "DELETE FROM task_reminders WHERE contact_id = $1 AND sequence IS NULL"},

    // --- time zones --------------------------------------------------------------------------
    {"find_calendar_settings",
     "SELECT time_zone, (extract(epoch from update_time) * 1000000)::bigint"
     " FROM calendar_settings WHERE employee_id = $1"},
    {"upsert_calendar_settings",
     "INSERT INTO calendar_settings (employee_id, time_zone, update_time) VALUES ($1, $2, $3)"
     " ON CONFLICT (employee_id) DO UPDATE SET time_zone = EXCLUDED.time_zone,"
     " update_time = EXCLUDED.update_time"},
    {"time_zone_known", "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)"},
    // The local period ($2: 'day', 'week' or 'month') holding the local date $1 in zone $3, as
    // instants: PostgreSQL's tz database handles daylight saving and historical offsets.
    {"calendar_bounds",
     "SELECT (extract(epoch FROM (date_trunc($2, $1::date::timestamp) AT TIME ZONE $3))"
     " * 1000000)::bigint,"
     " (extract(epoch FROM ((date_trunc($2, $1::date::timestamp) + ('1 ' || $2)::interval)"
     " AT TIME ZONE $3)) * 1000000)::bigint"},

    // --- reassignment ------------------------------------------------------------------------
    // Moves every planned task of $1 to the owners $2 (a uuid[] literal) in turn by start time,
    // with their pending reminders, in one statement. Completed contacts keep their owner.
    {"reassign_planned",
     "WITH moved AS (SELECT id, ($2::uuid[])[1 + ((row_number() OVER (ORDER BY scheduled_time,"
     " id) - 1) % cardinality($2::uuid[]))] AS new_owner FROM contacts"
     " WHERE owner_id = $1 AND state = 'PLANNED'),"
     " updated AS (UPDATE contacts c SET owner_id = m.new_owner, version = c.version + 1,"
     " update_time = $3 FROM moved m WHERE c.id = m.id AND c.owner_id = $1"
     " AND c.state = 'PLANNED'"
     " RETURNING c.id, c.client_id, c.owner_id, c.scheduled_time),"
     " reminders AS (UPDATE task_reminders r SET owner_id = u.owner_id FROM updated u"
     " WHERE r.contact_id = u.id AND r.sequence IS NULL)"
     " SELECT id::text, client_id::text, owner_id::text,"
     " (extract(epoch from scheduled_time) * 1000000)::bigint FROM updated"
     " ORDER BY scheduled_time, id"},

    // --- views -------------------------------------------------------------------------------
    // One owner's tasks in [$2, $3) by start; $4 includes cancelled ones; ($5, $6) the keyset.
    {"list_calendar",
     "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts"
     " WHERE owner_id = $1 AND scheduled_time >= $2::timestamptz"
     " AND scheduled_time < $3::timestamptz AND ($4::boolean OR state <> 'CANCELLED')"
     " AND ($5::timestamptz IS NULL OR (scheduled_time, id) > ($5::timestamptz, $6::uuid))"
     " ORDER BY scheduled_time, id LIMIT $7"},
    // The same with the BASIC view's columns only, all in the contacts_calendar index, so the
    // scan never visits the table for pages vacuum has marked all-visible.
    {"list_calendar_basic",
     "SELECT id::text, client_id::text, contact_person_id::text, project_id::text,"
     " edition_id::text, type, (extract(epoch from scheduled_time) * 1000000)::bigint,"
     " owner_id::text, state, purpose_kind, duration_s, version FROM contacts"
     " WHERE owner_id = $1 AND scheduled_time >= $2::timestamptz"
     " AND scheduled_time < $3::timestamptz AND ($4::boolean OR state <> 'CANCELLED')"
     " AND ($5::timestamptz IS NULL OR (scheduled_time, id) > ($5::timestamptz, $6::uuid))"
     " ORDER BY scheduled_time, id LIMIT $7"},
    // Planned tasks that started before $1; scope $2-$4; owner $5 or NULL; keyset ($6, $7).
    {"list_overdue", "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts"
                     " WHERE state = 'PLANNED' AND scheduled_time < $1::timestamptz"
                     " AND" CRM_PLANNING_CALENDAR_SCOPE(
                         "$2", "$3", "$4") " AND ($5::uuid IS NULL OR owner_id = $5::uuid)"
                                           " AND ($6::timestamptz IS NULL OR (scheduled_time, id) "
                                           "> ($6::timestamptz, $7::uuid))"
                                           " ORDER BY scheduled_time, id LIMIT $8"},
    // ListContacts: an optional owner $1 and time range [$2, $3) within the caller's scope
    // $4-$6; keyset ($7, $8).
    {"list_contacts",
     "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts"
     " WHERE ($1::uuid IS NULL OR owner_id = $1::uuid)"
     " AND ($2::timestamptz IS NULL OR scheduled_time >= $2::timestamptz)"
     " AND ($3::timestamptz IS NULL OR scheduled_time < $3::timestamptz)"
     " AND" CRM_PLANNING_CALENDAR_SCOPE(
         "$4", "$5",
         "$6") " AND ($7::timestamptz IS NULL OR (scheduled_time, id) > ($7::timestamptz,"
               " $8::uuid)) ORDER BY scheduled_time, id LIMIT $9"},
    // A client's contacts newest first; scope $2-$4; keyset ($5, $6).
    {"list_timeline", "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts"
                      " WHERE client_id = $1 AND" CRM_PLANNING_CALENDAR_SCOPE(
                          "$2", "$3", "$4") " AND ($5::timestamptz IS NULL OR (scheduled_time, id) "
                                            "< ($5::timestamptz, $6::uuid))"
                                            " ORDER BY scheduled_time DESC, id DESC LIMIT $7"},
};

#undef CRM_PLANNING_CALENDAR_SCOPE
#undef CRM_PLANNING_REMINDER_NOTICE_COLUMNS
#undef CRM_PLANNING_REMINDER_JOINS

}  // namespace crm::planning
