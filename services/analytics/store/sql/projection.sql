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

-- name: analytics_insert_employee_if_missing
INSERT INTO employees (id, full_name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING;

-- name: analytics_upsert_planned_contact
-- $1 id, $2 owner_id, $3 type or NULL when the event does not tell (a reassignment: the row keeps
-- its type), $4 scheduled_time, $5 the event's ce-time or NULL (then applied as the latest),
-- $6 client_id and $7 edition, each NULL when the event does not tell (the row keeps its own).
-- From contact.planned, contact.updated (the contact as it is now) and contact.reassigned (the
-- new owner). A completed or cancelled row is final: a late event does not reopen it; an older
-- event does not overwrite a newer one. Seen before the contact's "planned" event, a
-- reassignment records it with the new owner and type CONTACT_TYPE_UNSPECIFIED until it
-- completes.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, event_time, client_id, edition)
VALUES ($1, $2, coalesce($3, 'CONTACT_TYPE_UNSPECIFIED'), $4::timestamptz, 'planned',
        $5::timestamptz, $6::uuid, coalesce($7, ''))
ON CONFLICT (id) DO UPDATE
SET owner_id = EXCLUDED.owner_id, type = coalesce($3, contacts.type),
    scheduled_time = EXCLUDED.scheduled_time, event_time = EXCLUDED.event_time,
    client_id = coalesce($6::uuid, contacts.client_id),
    edition = coalesce(nullif($7, ''), contacts.edition)
WHERE contacts.state = 'planned'
  AND (contacts.event_time IS NULL OR EXCLUDED.event_time IS NULL
       OR EXCLUDED.event_time >= contacts.event_time);

-- name: analytics_cancel_contact
-- $1 id, $2 owner_id, $3 type or NULL, $4 scheduled_time, $5 the event's ce-time or NULL,
-- $6 client_id or NULL, $7 edition or NULL. Cancelling is final for a planned contact (a
-- completed one stays completed); seen first, it records the contact cancelled so that its late
-- "planned" event does not open it.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, event_time, client_id, edition)
VALUES ($1, $2, coalesce($3, 'CONTACT_TYPE_UNSPECIFIED'), $4::timestamptz, 'cancelled',
        $5::timestamptz, $6::uuid, coalesce($7, ''))
ON CONFLICT (id) DO UPDATE
SET state = 'cancelled', event_time = greatest(contacts.event_time, EXCLUDED.event_time),
    client_id = coalesce($6::uuid, contacts.client_id)
WHERE contacts.state = 'planned';

-- name: analytics_upsert_completed_contact
-- $1 id, $2 owner_id, $3 type, $4 scheduled_time, $5 result_kind, $6 complete_time,
-- $7 client_id or NULL, $8 edition or NULL, $9 positive, $10 refusal reason or NULL.
INSERT INTO contacts (id, owner_id, type, scheduled_time, state, result_kind, complete_time,
                      client_id, edition, positive, refusal_reason)
VALUES ($1, $2, $3, $4::timestamptz, 'completed', $5, $6::timestamptz, $7::uuid,
        coalesce($8, ''), $9, $10)
ON CONFLICT (id) DO UPDATE
SET owner_id = EXCLUDED.owner_id, type = EXCLUDED.type, scheduled_time = EXCLUDED.scheduled_time,
    state = 'completed', result_kind = EXCLUDED.result_kind,
    complete_time = EXCLUDED.complete_time,
    client_id = coalesce($7::uuid, contacts.client_id),
    edition = coalesce(nullif($8, ''), contacts.edition),
    positive = EXCLUDED.positive, refusal_reason = EXCLUDED.refusal_reason;

-- name: analytics_upsert_sale
-- $1 id, $2 manager_id, $3 area_dm2, $4 net, $5 total, $6 sale_time, $7 stand_type,
-- $8 state ('active' or 'cancelled'), $9 the event's ce-time or NULL (then applied as the latest),
-- $10 edition or NULL, $11 client_id or NULL.
-- From sale.recorded, sale.amended (the sale as it is now) and sale.cancelled. An older event
-- does not overwrite a newer one; a cancelled row is final, and a cancellation applies whatever
-- came before it. The department is the manager's unit when the row is first written (the sale
-- counts for the department that made it); a sale seen before its manager's department keeps
-- looking for it.
INSERT INTO sales (id, manager_id, area_dm2, net, total, sale_time, stand_type, state, event_time,
                   edition, client_id, department_id)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7, $8, $9::timestamptz, coalesce($10, ''),
        $11::uuid, (SELECT department_id FROM employees WHERE id = $2))
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

-- name: analytics_insert_edition_if_missing
-- The same parameters as analytics_upsert_edition but $7 and $8: from a sale's snapshot, only
-- for an edition whose own events have not been seen (they win).
INSERT INTO editions (name, project, display_name, project_display_name, start_date, end_date)
VALUES ($1, $2, $3, $4, $5::date, $6::date)
ON CONFLICT (name) DO NOTHING;

-- name: analytics_insert_readiness
-- $1 client_id, $2 edition, $3 level, $4 record_time, $5 recorded_by. Each assessment once.
INSERT INTO readiness_changes (client_id, edition, level, record_time, recorded_by)
VALUES ($1, $2, $3, $4::timestamptz, $5)
ON CONFLICT (client_id, edition, record_time) DO NOTHING;

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
