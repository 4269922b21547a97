-- The calendar: task updates and cancellation, reminders, time zones, bulk reassignment and the
-- views (calendar_store.cpp). Statements returning tasks return the columns of contacts.sql
-- (store::ContactFromRow); list_calendar_basic returns the subset that
-- store::ContactSummaryFromRow reads.

-- fragment: reminder_columns
-- The columns of a dispatched reminder: its task's (contact_columns) and the reminder's, over
-- claimed (a task_reminders row) and task (reminder_task_joins).
task.*, claimed.sequence,
       (extract(epoch from claimed.fire_time) * 1000000)::bigint AS fire_time_us,
       (extract(epoch from claimed.dispatch_time) * 1000000)::bigint AS dispatch_time_us,
       cl.display_name AS client_display_name, tz.zone AS time_zone,
       to_char(task.start_time AT TIME ZONE tz.zone, 'YYYY-MM-DD HH24:MI') AS local_start_time

-- fragment: reminder_task_joins
-- The task of reminder claimed, its client and its owner's time zone (Europe/Samara when the owner
-- has not set one).
JOIN LATERAL (
  SELECT :contact_columns,
         client_id AS task_client, owner_id AS task_owner, scheduled_time AS start_time
  FROM contacts
  WHERE contacts.id = claimed.contact_id) task ON true
JOIN clients cl ON cl.id = task.task_client
CROSS JOIN LATERAL (SELECT coalesce((SELECT s.time_zone FROM calendar_settings s
                                     WHERE s.employee_id = task.task_owner),
                                    'Europe/Samara') AS zone) tz

-- fragment: calendar_window
-- One owner's ($1) tasks in [$2, $3) by start; $4 includes cancelled ones; ($5, $6) the keyset
-- (scheduled_time, id) of the previous page's last row or NULL; $7 the limit.
FROM contacts
WHERE owner_id = $1 AND scheduled_time >= $2::timestamptz AND scheduled_time < $3::timestamptz
  AND ($4::boolean OR state <> 'CANCELLED')
  AND ($5::timestamptz IS NULL OR (scheduled_time, id) > ($5::timestamptz, $6::uuid))
ORDER BY scheduled_time, id
LIMIT $7;

-- name: update_contact
-- No row when the task is no longer planned.
UPDATE contacts
SET contact_person_id = $2, project_id = $3, edition_id = $4, type = $5, purpose = $6,
    purpose_kind = $7, scheduled_time = $8, duration_s = $9, channel = $10::jsonb,
    reminders = $11::jsonb, owner_id = $12, version = version + 1, update_time = $13
WHERE id = $1 AND state = 'PLANNED'
RETURNING :contact_columns;

-- name: cancel_contact
-- No row when the task is no longer planned.
UPDATE contacts
SET state = 'CANCELLED', cancel_time = $2, cancel_reason = $3, version = version + 1,
    update_time = $2
WHERE id = $1 AND state = 'PLANNED'
RETURNING :contact_columns;

-- name: replan_reminders
-- Drops the pending reminders of task $1 and plans $3 (a timestamptz[] literal) for owner $2,
-- skipping times already dispatched for it: a task's reminder fires once per planned time.
WITH dropped AS (DELETE FROM task_reminders WHERE contact_id = $1 AND sequence IS NULL)
INSERT INTO task_reminders (id, contact_id, owner_id, fire_time)
SELECT gen_random_uuid(), $1, $2, t
FROM unnest($3::timestamptz[]) AS t
WHERE NOT EXISTS (SELECT 1 FROM task_reminders d
                  WHERE d.contact_id = $1 AND d.fire_time = t AND d.sequence IS NOT NULL);

-- name: notify_reminders_planned
-- Wakes the schedulers of every replica (reminder_scheduler.cpp) when a reminder is planned.
SELECT pg_notify('crm_reminders_planned', '') AS notified;

-- name: notify_reminders_dispatched
-- Wakes the readers of dispatched reminders on every replica when a batch commits.
SELECT pg_notify('crm_reminders_dispatched', '') AS notified;

-- name: lock_reminder_dispatch
-- Serialises dispatching transactions across replicas, so reminder numbers commit in order.
SELECT pg_advisory_xact_lock(7210346513) AS locked;

-- name: drop_stale_reminders
-- Due reminders of tasks no longer planned (completed or cancelled) never fire.
DELETE FROM task_reminders r
USING contacts c
WHERE r.contact_id = c.id AND r.sequence IS NULL AND r.fire_time <= $1::timestamptz
  AND c.state <> 'PLANNED';

-- name: claim_due_reminders
-- Claims up to $2 reminders due at $1, numbers them and returns them with their task (the
-- contact columns), the client's name, the owner's time zone and the start in that zone.
WITH due AS (SELECT id FROM task_reminders
             WHERE sequence IS NULL AND fire_time <= $1::timestamptz
             ORDER BY fire_time, id
             LIMIT $2
             FOR UPDATE SKIP LOCKED),
     claimed AS (UPDATE task_reminders r
                 SET sequence = nextval('reminder_sequence'), dispatch_time = $1::timestamptz
                 FROM due
                 WHERE r.id = due.id
                 RETURNING r.contact_id, r.sequence, r.fire_time, r.dispatch_time)
SELECT :reminder_columns
FROM claimed
:reminder_task_joins
ORDER BY claimed.sequence;

-- name: list_dispatched_reminders
-- Reminders dispatched to owner $1 after sequence $2 and since $3, in order, at most $4; the
-- columns of claim_due_reminders.
SELECT :reminder_columns
FROM task_reminders claimed
:reminder_task_joins
WHERE claimed.owner_id = $1 AND claimed.sequence > $2 AND claimed.dispatch_time >= $3::timestamptz
ORDER BY claimed.sequence
LIMIT $4;

-- name: next_reminder_time
-- NULL when no reminder is pending.
SELECT (extract(epoch from min(fire_time)) * 1000000)::bigint AS fire_time_us
FROM task_reminders
WHERE sequence IS NULL;

-- name: drop_pending_reminders
DELETE FROM task_reminders WHERE contact_id = $1 AND sequence IS NULL;

-- name: find_calendar_settings
SELECT time_zone, (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM calendar_settings
WHERE employee_id = $1;

-- name: upsert_calendar_settings
INSERT INTO calendar_settings (employee_id, time_zone, update_time)
VALUES ($1, $2, $3)
ON CONFLICT (employee_id) DO UPDATE
SET time_zone = EXCLUDED.time_zone, update_time = EXCLUDED.update_time;

-- name: time_zone_known
SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known;

-- name: calendar_bounds
-- The local period ($2: 'day', 'week' or 'month') holding the local date $1 in zone $3, as
-- instants: PostgreSQL's tz database handles daylight saving and historical offsets.
SELECT (extract(epoch FROM (date_trunc($2, $1::date::timestamp) AT TIME ZONE $3))
        * 1000000)::bigint AS start_us,
       (extract(epoch FROM ((date_trunc($2, $1::date::timestamp) + ('1 ' || $2)::interval)
                            AT TIME ZONE $3)) * 1000000)::bigint AS end_us;

-- name: next_working_morning
-- The first working day (Monday to Friday) after the local date of instant $1 in zone $3, at
-- local time $2 ('HH:MM'), as an instant.
WITH next AS (SELECT (($1::timestamptz AT TIME ZONE $3)::date + 1) AS day)
SELECT (extract(epoch FROM ((day + CASE extract(isodow FROM day) WHEN 6 THEN 2 WHEN 7 THEN 1
                                                                 ELSE 0 END)::timestamp
                            + $2::time) AT TIME ZONE $3) * 1000000)::bigint AS at_us
FROM next;

-- fragment: reassign_moved
-- The end of a reassignment: the planned tasks of $1 listed in `moved` (id, new_owner) pass to
-- their new owners with their pending reminders, at update time $3 (now when NULL); returns the
-- moved tasks by start time.
     updated AS (UPDATE contacts c
                 SET owner_id = m.new_owner, version = c.version + 1,
                     update_time = coalesce($3::timestamptz, now())
                 FROM moved m
                 WHERE c.id = m.id AND c.owner_id = $1 AND c.state = 'PLANNED'
                 RETURNING c.id, c.client_id, c.owner_id, c.scheduled_time),
     reminders AS (UPDATE task_reminders r
                   SET owner_id = u.owner_id
                   FROM updated u
                   WHERE r.contact_id = u.id AND r.sequence IS NULL)
SELECT id::text AS id, client_id::text AS client_id, owner_id::text AS owner_id,
       (extract(epoch from scheduled_time) * 1000000)::bigint AS scheduled_time_us
FROM updated
ORDER BY scheduled_time, id;

-- name: reassign_planned
-- Moves every planned task of $1 to the owners $2 (a uuid[] literal) in turn by start time,
-- with their pending reminders, in one statement; $3 the update time. Completed contacts keep
-- their owner.
WITH moved AS (SELECT id,
                      ($2::uuid[])[1 + ((row_number() OVER (ORDER BY scheduled_time, id) - 1)
                                        % cardinality($2::uuid[]))] AS new_owner
               FROM contacts
               WHERE owner_id = $1 AND state = 'PLANNED'),
:reassign_moved

-- name: reassign_planned_to_curators
-- crm.registry.curators.reassigned: the planned tasks of the departed employee $1 with the
-- clients of the new curator terms pass to the terms' employees, in one statement. The terms are
-- parallel uuid[] literals: $2 clients, $4 projects, $5 contact persons (NULL: the client as a
-- whole), $6 employees; $3 the update time. A task goes to the term of its client that matches
-- best: its project first, then its contact person, then the client as a whole, then the
-- earliest term listed. Tasks of other clients stay.
WITH terms AS (SELECT * FROM unnest($2::uuid[], $4::uuid[], $5::uuid[], $6::uuid[])
                             WITH ORDINALITY AS t (client_id, project_id, contact_person_id,
                                                   employee_id, position)),
     moved AS (SELECT c.id, best.employee_id AS new_owner
               FROM contacts c
               CROSS JOIN LATERAL (
                 SELECT t.employee_id FROM terms t
                 WHERE t.client_id = c.client_id
                 ORDER BY t.project_id = c.project_id DESC,
                          t.contact_person_id IS NOT DISTINCT FROM c.contact_person_id DESC,
                          t.contact_person_id IS NULL DESC, t.position
                 LIMIT 1) best
               WHERE c.owner_id = $1 AND c.state = 'PLANNED' AND c.client_id = ANY ($2::uuid[])
                 AND best.employee_id <> $1),
:reassign_moved

-- name: list_calendar
-- One owner's ($1) tasks in [$2, $3) by start; $4 includes cancelled ones; ($5, $6) the keyset
-- (scheduled_time, id) of the previous page's last row or NULL; $7 the limit.
SELECT :contact_columns
:calendar_window

-- name: list_calendar_basic
-- list_calendar with the BASIC view's columns only, all in the contacts_calendar index, so the
-- scan never visits the table for pages vacuum has marked all-visible.
SELECT id::text AS id, client_id::text AS client_id, contact_person_id::text AS contact_person_id,
       project_id::text AS project_id, edition_id::text AS edition_id, type,
       (extract(epoch from scheduled_time) * 1000000)::bigint AS scheduled_time_us,
       owner_id::text AS owner_id, state, purpose_kind, duration_s, version
:calendar_window

-- name: list_overdue
-- Planned tasks that started before $1, within the caller's reach (common::auth::ListScope: $2
-- everything, $3 their own, $4 their department unit's); owner $5 or NULL; keyset ($6, $7) or
-- NULL; $8 the limit.
SELECT :contact_columns
FROM contacts
WHERE state = 'PLANNED' AND scheduled_time < $1::timestamptz
  AND ($2::boolean OR owner_id = $3::uuid
       OR ($4::text IS NOT NULL
           AND owner_id IN (SELECT e.id FROM employees e WHERE e.department_id = $4::uuid)))
  AND ($5::uuid IS NULL OR owner_id = $5::uuid)
  AND ($6::timestamptz IS NULL OR (scheduled_time, id) > ($6::timestamptz, $7::uuid))
ORDER BY scheduled_time, id
LIMIT $8;

-- name: list_timeline
-- Client $1's contacts newest first, within the caller's reach ($2-$4 as in list_overdue);
-- keyset ($5, $6) or NULL; $7 the limit.
SELECT :contact_columns
FROM contacts
WHERE client_id = $1
  AND ($2::boolean OR owner_id = $3::uuid
       OR ($4::text IS NOT NULL
           AND owner_id IN (SELECT e.id FROM employees e WHERE e.department_id = $4::uuid)))
  AND ($5::timestamptz IS NULL OR (scheduled_time, id) < ($5::timestamptz, $6::uuid))
ORDER BY scheduled_time DESC, id DESC
LIMIT $7;
