-- Contacts (tasks): created, completed and listed by PlanningService. Every statement returning
-- contacts returns the same columns (store::ContactFromRow): times as microseconds since the
-- epoch, ids as text, the JSON columns (result, channel, reminders) as text.

-- fragment: contact_columns
-- The columns of a contact (store::ContactFromRow).
id::text AS id, client_id::text AS client_id, contact_person_id::text AS contact_person_id,
       project_id::text AS project_id, edition_id::text AS edition_id, type, purpose,
       (extract(epoch from scheduled_time) * 1000000)::bigint AS scheduled_time_us,
       owner_id::text AS owner_id, state, result::text AS result,
       (extract(epoch from complete_time) * 1000000)::bigint AS complete_time_us,
       rescheduled_from::text AS rescheduled_from,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us, result_kind,
       purpose_kind, duration_s, channel::text AS channel, reminders::text AS reminders, version,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us,
       (extract(epoch from cancel_time) * 1000000)::bigint AS cancel_time_us, cancel_reason

-- name: find_contact
SELECT :contact_columns
FROM contacts
WHERE id = $1;

-- name: find_contact_for_update
-- Serialises completions of one contact: the second waits, then sees it completed.
SELECT :contact_columns
FROM contacts
WHERE id = $1
FOR UPDATE;

-- name: insert_contact
INSERT INTO contacts (id, client_id, contact_person_id, project_id, edition_id, type, purpose,
                      scheduled_time, owner_id, state, rescheduled_from, create_time,
                      purpose_kind, duration_s, channel, reminders)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PLANNED', $10, $11, $12, $13, $14::jsonb,
        $15::jsonb)
RETURNING :contact_columns;

-- name: complete_contact
-- No row when the contact is no longer planned.
UPDATE contacts
SET state = 'COMPLETED', result = $2::jsonb, result_kind = $3, complete_time = $4
WHERE id = $1 AND state = 'PLANNED'
RETURNING :contact_columns;

-- name: list_contacts
-- ListContacts: an optional owner $1 and time range [$2, $3) within the caller's reach
-- (common::auth::ListScope: $4 everything, $5 their own, $6 their department unit's); keyset
-- ($7, $8) the (scheduled_time, id) of the previous page's last row or NULL; $9 the limit.
SELECT :contact_columns
FROM contacts
WHERE ($1::uuid IS NULL OR owner_id = $1::uuid)
  AND ($2::timestamptz IS NULL OR scheduled_time >= $2::timestamptz)
  AND ($3::timestamptz IS NULL OR scheduled_time < $3::timestamptz)
  AND ($4::boolean OR owner_id = $5::uuid
       OR ($6::text IS NOT NULL
           AND owner_id IN (SELECT e.id FROM employees e WHERE e.department_id = $6::uuid)))
  AND ($7::timestamptz IS NULL OR (scheduled_time, id) > ($7::timestamptz, $8::uuid))
ORDER BY scheduled_time, id
LIMIT $9;
