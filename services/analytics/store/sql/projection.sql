-- The projection of other services' events that reports are computed from. Each upsert gives
-- the same row however often, and in whatever order, its events are applied. Times go in as
-- RFC 3339 text.

-- name: analytics_upsert_employee
-- $1 id, $2 full_name. The registry's name wins over a sale's snapshot.
INSERT INTO employees (id, full_name) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name;

-- name: analytics_upsert_membership
-- $1 id, $2 full_name, $3 department unit or NULL, $4 the event's ce-time or NULL: an older
-- event does not overwrite a newer one.
INSERT INTO employees (id, full_name, department_id, event_time)
VALUES ($1, $2, $3::uuid, $4::timestamptz)
ON CONFLICT (id) DO UPDATE
SET full_name = EXCLUDED.full_name, department_id = EXCLUDED.department_id,
    event_time = EXCLUDED.event_time
WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= employees.event_time;

-- name: analytics_insert_employees_if_missing
-- $1 uuid[] ids, $2 text[] full names: each employee the projection does not know yet, under the
-- first of its names.
INSERT INTO employees (id, full_name)
SELECT DISTINCT ON (e.id) e.id, e.full_name
FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS e (id, full_name, n)
ORDER BY e.id, e.n
ON CONFLICT (id) DO NOTHING;

-- name: analytics_upsert_planned_contacts
-- Arrays, an element per contact (no contact twice): $1 ids, $2 owner ids, $3 types (NULL when
-- the event does not tell), $4 scheduled times, $5 the events' ce-times (NULL: applied as the
-- latest), $6 client ids and $7 editions (NULL when the event does not tell: the row keeps its
-- own); $8 whether the events tell no type (a reassignment: the rows keep theirs).
-- From contact.planned, contact.updated (the contact as it is now) and contact.reassigned (the
-- new owner). A completed or cancelled row is final: a late event does not reopen it, it only
-- fills in the client and edition (and a cancelled row's unknown type) the row lacks, so that
-- the row is the same whichever of the contact's statements runs first (the batches apply a
-- fetch's events topic by topic). An older event does not overwrite a newer one. Seen before the
-- contact's "planned" event, a reassignment records it with the new owner and type
-- CONTACT_TYPE_UNSPECIFIED until it completes.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, event_time, client_id, edition)
SELECT c.id, c.owner_id, coalesce(c.type, 'CONTACT_TYPE_UNSPECIFIED'), c.scheduled_time,
       'planned', c.event_time, c.client_id, coalesce(c.edition, '')
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::uuid[],
            $7::text[]) AS c (id, owner_id, type, scheduled_time, event_time, client_id, edition)
ON CONFLICT (id) DO UPDATE
SET owner_id = CASE WHEN contacts.state = 'planned' THEN EXCLUDED.owner_id
                    ELSE contacts.owner_id END,
    type = CASE WHEN $8::boolean THEN contacts.type
                WHEN contacts.state = 'planned' THEN EXCLUDED.type
                WHEN contacts.state = 'cancelled'
                 AND contacts.type = 'CONTACT_TYPE_UNSPECIFIED' THEN EXCLUDED.type
                ELSE contacts.type END,
    scheduled_time = CASE WHEN contacts.state = 'planned' THEN EXCLUDED.scheduled_time
                          ELSE contacts.scheduled_time END,
    event_time = CASE WHEN contacts.state = 'planned' THEN EXCLUDED.event_time
                      ELSE coalesce(contacts.event_time, EXCLUDED.event_time) END,
    client_id = CASE WHEN contacts.state = 'planned'
                     THEN coalesce(EXCLUDED.client_id, contacts.client_id)
                     ELSE coalesce(contacts.client_id, EXCLUDED.client_id) END,
    edition = CASE WHEN contacts.state = 'planned'
                   THEN coalesce(nullif(EXCLUDED.edition, ''), contacts.edition)
                   ELSE coalesce(nullif(contacts.edition, ''), EXCLUDED.edition) END
WHERE (contacts.state = 'planned'
       AND (contacts.event_time IS NULL OR EXCLUDED.event_time IS NULL
            OR EXCLUDED.event_time >= contacts.event_time))
   OR (contacts.state <> 'planned'
       AND ((contacts.client_id IS NULL AND EXCLUDED.client_id IS NOT NULL)
            OR (contacts.edition = '' AND EXCLUDED.edition <> '')
            OR (contacts.state = 'cancelled' AND NOT $8::boolean
                AND contacts.type = 'CONTACT_TYPE_UNSPECIFIED')));

-- name: analytics_cancel_contacts
-- The arrays $1..$7 of analytics_upsert_planned_contacts. Cancelling is final for a planned
-- contact; a completed one stays completed and only takes the client if it has none (as a
-- completion after the cancellation would keep it). Seen first, it records the contact cancelled
-- so that its late "planned" event does not open it.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, event_time, client_id, edition)
SELECT c.id, c.owner_id, coalesce(c.type, 'CONTACT_TYPE_UNSPECIFIED'), c.scheduled_time,
       'cancelled', c.event_time, c.client_id, coalesce(c.edition, '')
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::uuid[],
            $7::text[]) AS c (id, owner_id, type, scheduled_time, event_time, client_id, edition)
ON CONFLICT (id) DO UPDATE
SET state = CASE WHEN contacts.state = 'planned' THEN 'cancelled' ELSE contacts.state END,
    event_time = CASE WHEN contacts.state = 'planned'
                      THEN greatest(contacts.event_time, EXCLUDED.event_time)
                      ELSE contacts.event_time END,
    client_id = CASE WHEN contacts.state = 'planned'
                     THEN coalesce(EXCLUDED.client_id, contacts.client_id)
                     ELSE coalesce(contacts.client_id, EXCLUDED.client_id) END
WHERE contacts.state = 'planned'
   OR (contacts.state = 'completed' AND contacts.client_id IS NULL
       AND EXCLUDED.client_id IS NOT NULL);

-- name: analytics_upsert_completed_contacts
-- Arrays, an element per contact (no contact twice): $1 ids, $2 owner ids, $3 types,
-- $4 scheduled times, $5 result kinds, $6 complete times, $7 client ids or NULL, $8 editions or
-- NULL (the row keeps its own), $9 positive, $10 refusal reasons or NULL.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, result_kind, complete_time,
                      client_id, edition, positive, refusal_reason)
SELECT c.id, c.owner_id, c.type, c.scheduled_time, 'completed', c.result_kind, c.complete_time,
       c.client_id, coalesce(c.edition, ''), c.positive, c.refusal_reason
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[],
            $6::timestamptz[], $7::uuid[], $8::text[], $9::boolean[], $10::text[])
     AS c (id, owner_id, type, scheduled_time, result_kind, complete_time, client_id, edition,
           positive, refusal_reason)
ON CONFLICT (id) DO UPDATE
SET owner_id = EXCLUDED.owner_id, type = EXCLUDED.type, scheduled_time = EXCLUDED.scheduled_time,
    state = 'completed', result_kind = EXCLUDED.result_kind,
    complete_time = EXCLUDED.complete_time,
    client_id = coalesce(EXCLUDED.client_id, contacts.client_id),
    edition = coalesce(nullif(EXCLUDED.edition, ''), contacts.edition),
    positive = EXCLUDED.positive, refusal_reason = EXCLUDED.refusal_reason;

-- name: analytics_upsert_sales
-- Arrays, an element per sale (no sale twice): $1 ids, $2 manager ids, $3 areas (dm2), $4 net,
-- $5 total, $6 sale times, $7 stand types, $8 states ('active' or 'cancelled'), $9 the events'
-- ce-times or NULL (then applied as the latest), $10 editions or NULL, $11 client ids or NULL.
-- From sale.recorded, sale.amended (the sale as it is now) and sale.cancelled. An older event
-- does not overwrite a newer one; a cancelled row is final, and a cancellation applies whatever
-- came before it. The department is the manager's unit when the row is first written (the sale
-- counts for the department that made it); a sale seen before its manager's department keeps
-- looking for it.
INSERT INTO sales (id, manager_id, area_dm2, net, total, sale_time, stand_type, state, event_time,
                   edition, client_id, department_id)
SELECT s.id, s.manager_id, s.area_dm2, s.net, s.total, s.sale_time, s.stand_type, s.state,
       s.event_time, coalesce(s.edition, ''), s.client_id,
       (SELECT e.department_id FROM employees e WHERE e.id = s.manager_id)
FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamptz[],
            $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::uuid[])
     AS s (id, manager_id, area_dm2, net, total, sale_time, stand_type, state, event_time, edition,
           client_id)
ON CONFLICT (id) DO UPDATE
SET manager_id = EXCLUDED.manager_id, area_dm2 = EXCLUDED.area_dm2, net = EXCLUDED.net,
    total = EXCLUDED.total, sale_time = EXCLUDED.sale_time, stand_type = EXCLUDED.stand_type,
    state = EXCLUDED.state, event_time = greatest(sales.event_time, EXCLUDED.event_time),
    edition = coalesce(nullif(EXCLUDED.edition, ''), sales.edition),
    client_id = coalesce(EXCLUDED.client_id, sales.client_id),
    department_id = coalesce(sales.department_id, EXCLUDED.department_id)
WHERE sales.state = 'active'
  AND (EXCLUDED.state = 'cancelled' OR sales.event_time IS NULL OR EXCLUDED.event_time IS NULL
       OR EXCLUDED.event_time >= sales.event_time);

-- name: analytics_upsert_edition
-- $1 name, $2 project, $3 display_name, $4 project_display_name, $5 start_date or NULL,
-- $6 end_date or NULL, $7 status or NULL (kept), $8 the event's ce-time or NULL. From
-- edition.created and .updated: an older event does not overwrite a newer one.
INSERT INTO editions (name, project, display_name, project_display_name, start_date, end_date,
                      status, event_time)
VALUES ($1, $2, $3, $4, $5::date, $6::date, coalesce($7, ''), $8::timestamptz)
ON CONFLICT (name) DO UPDATE
SET project = EXCLUDED.project, display_name = EXCLUDED.display_name,
    project_display_name = EXCLUDED.project_display_name, start_date = EXCLUDED.start_date,
    end_date = EXCLUDED.end_date, status = coalesce($7, editions.status),
    event_time = EXCLUDED.event_time
WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= editions.event_time;

-- name: analytics_insert_editions_if_missing
-- Arrays of what analytics_upsert_edition takes but the status and ce-time: $1 names, $2 projects,
-- $3 display names, $4 project display names, $5 start dates or NULL, $6 end dates or NULL. From
-- sales' snapshots, only for an edition whose own events have not been seen (they win); the first
-- snapshot of an edition new to the projection.
INSERT INTO editions (name, project, display_name, project_display_name, start_date, end_date)
SELECT DISTINCT ON (e.name) e.name, e.project, e.display_name, e.project_display_name,
       e.start_date, e.end_date
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[])
     WITH ORDINALITY AS e (name, project, display_name, project_display_name, start_date, end_date,
                           n)
ORDER BY e.name, e.n
ON CONFLICT (name) DO NOTHING;

-- name: analytics_insert_readiness
-- $1 client_id, $2 edition, $3 level, $4 record_time, $5 recorded_by. Each assessment once, and
-- the (edition, client)'s latest (readiness_latest) when it is later than the one there: the
-- latest by record time whatever order the assessments arrive in, so a replay gives the same row.
WITH inserted AS (
  INSERT INTO readiness_changes (client_id, edition, level, record_time, recorded_by)
  VALUES ($1, $2, $3, $4::timestamptz, $5)
  ON CONFLICT (client_id, edition, record_time) DO NOTHING
  RETURNING client_id, edition, level, record_time, recorded_by
)
INSERT INTO readiness_latest (edition, client_id, level, record_time, recorded_by, recorder_id)
SELECT edition, client_id, level, record_time, recorded_by,
       -- The employee "employees/{id}" names, as 'employees/' || employees.id = lower(...) would
       -- match it.
       CASE WHEN lower(recorded_by)
                 ~ '^employees/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN substr(lower(recorded_by), 11)::uuid END
FROM inserted
ON CONFLICT (edition, client_id) DO UPDATE
SET level = EXCLUDED.level, record_time = EXCLUDED.record_time,
    recorded_by = EXCLUDED.recorded_by, recorder_id = EXCLUDED.recorder_id
WHERE EXCLUDED.record_time > readiness_latest.record_time;

-- name: analytics_upsert_department
-- $1 id, $2 display_name, $3 deleted, $4 the event's ce-time or NULL: an older event does not
-- overwrite a newer one.
INSERT INTO departments (id, display_name, deleted, event_time)
VALUES ($1, $2, $3, $4::timestamptz)
ON CONFLICT (id) DO UPDATE
SET display_name = CASE WHEN EXCLUDED.display_name = '' THEN departments.display_name
                        ELSE EXCLUDED.display_name END,
    deleted = EXCLUDED.deleted, event_time = EXCLUDED.event_time
WHERE departments.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= departments.event_time;
