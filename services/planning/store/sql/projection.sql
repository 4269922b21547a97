-- Registry's clients, contact persons, editions and employees as planning keeps them, fed by
-- registry events. Each upsert's WHERE keeps an older event (by its ce-time, `event_time`) from
-- overwriting what a newer one wrote; without a time the latest delivery wins.

-- name: upsert_client
-- $11 and $12 the lead source's kind and detail (registry owns them); lead_source_time moves only
-- when they change.
INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email,
                     event_time, lead_source_kind, lead_source_detail, lead_source_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
        CASE WHEN $11 <> '' OR $12 <> '' THEN coalesce($10, now()) END)
ON CONFLICT (id) DO UPDATE
SET display_name = EXCLUDED.display_name, legal_name = EXCLUDED.legal_name, inn = EXCLUDED.inn,
    kpp = EXCLUDED.kpp, ogrn = EXCLUDED.ogrn, legal_address = EXCLUDED.legal_address,
    phone = EXCLUDED.phone, email = EXCLUDED.email, event_time = EXCLUDED.event_time,
    lead_source_kind = EXCLUDED.lead_source_kind,
    lead_source_detail = EXCLUDED.lead_source_detail,
    lead_source_time = CASE
      WHEN (clients.lead_source_kind, clients.lead_source_detail)
           IS DISTINCT FROM (EXCLUDED.lead_source_kind, EXCLUDED.lead_source_detail)
        THEN coalesce(EXCLUDED.event_time, now())
      ELSE clients.lead_source_time END,
    updated_at = now()
WHERE clients.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= clients.event_time;

-- name: upsert_contact_person
INSERT INTO contact_persons (id, client_id, full_name, position, phone, email, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE
SET client_id = EXCLUDED.client_id, full_name = EXCLUDED.full_name,
    position = EXCLUDED.position, phone = EXCLUDED.phone, email = EXCLUDED.email,
    event_time = EXCLUDED.event_time, updated_at = now()
WHERE contact_persons.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= contact_persons.event_time;

-- fragment: edition_project_name
-- The project name an edition event ($2 the project, $4 the name it carries, $10 its ce-time)
-- leaves on the edition: a newer project.updated's name when planning has one.
coalesce((SELECT p.display_name FROM projects p
          WHERE p.id = $2::uuid AND p.event_time > $10::timestamptz), $4)

-- fragment: edition_snapshot_update
-- The edition snapshot of an upsert (upsert_edition, upsert_edition_terms), newer ce-time wins.
SET project_id = EXCLUDED.project_id, display_name = EXCLUDED.display_name,
    project_display_name = EXCLUDED.project_display_name, start_date = EXCLUDED.start_date,
    end_date = EXCLUDED.end_date, venue = EXCLUDED.venue,
    currency_code = EXCLUDED.currency_code, price_per_m2 = EXCLUDED.price_per_m2,
    event_time = EXCLUDED.event_time, updated_at = now()

-- name: upsert_edition
-- crm.registry.edition.created: the snapshot; the status and stand prices stay as they are.
INSERT INTO editions (id, project_id, display_name, project_display_name, start_date, end_date,
                      venue, currency_code, price_per_m2, event_time)
VALUES ($1, $2, $3, :edition_project_name, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE
:edition_snapshot_update
WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= editions.event_time;

-- name: upsert_edition_terms
-- crm.registry.edition.updated: upsert_edition's snapshot ($1–$10) with the status $11 and the
-- whole stand price list ($12 the stored stand types as a text[] literal, $13 their prices per
-- m² as a bigint[] literal), which replaces the edition's rows; a newer event already applied
-- leaves all of it as it is.
WITH edition AS (
  INSERT INTO editions (id, project_id, display_name, project_display_name, start_date,
                        end_date, venue, currency_code, price_per_m2, event_time, status)
  VALUES ($1, $2, $3, :edition_project_name, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (id) DO UPDATE
  :edition_snapshot_update, status = EXCLUDED.status
  WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
     OR EXCLUDED.event_time >= editions.event_time
  RETURNING id),
dropped AS (
  DELETE FROM edition_stand_prices s
  USING edition e
  WHERE s.edition_id = e.id AND s.stand_type <> ALL ($12::text[]))
INSERT INTO edition_stand_prices (edition_id, stand_type, price_per_m2)
SELECT e.id, p.stand_type, p.price_per_m2
FROM edition e
CROSS JOIN unnest($12::text[], $13::bigint[]) AS p (stand_type, price_per_m2)
ON CONFLICT (edition_id, stand_type) DO UPDATE SET price_per_m2 = EXCLUDED.price_per_m2;

-- name: upsert_project_name
-- crm.registry.project.updated: the project's name $2 at ce-time $3, and the copy beside the
-- project's editions where their own events are older than the rename.
WITH project AS (
  INSERT INTO projects (id, display_name, event_time)
  VALUES ($1, $2, $3)
  ON CONFLICT (id) DO UPDATE
  SET display_name = EXCLUDED.display_name, event_time = EXCLUDED.event_time, updated_at = now()
  WHERE projects.event_time IS NULL OR EXCLUDED.event_time IS NULL
     OR EXCLUDED.event_time >= projects.event_time
  RETURNING id, display_name, event_time)
UPDATE editions e
SET project_display_name = p.display_name, updated_at = now()
FROM project p
WHERE e.project_id = p.id AND e.project_display_name <> p.display_name
  AND (e.event_time IS NULL OR p.event_time IS NULL OR e.event_time <= p.event_time);

-- fragment: deletion_mark_guard
-- The WHERE of a deletion mark's upsert into `table`: the newest deletion or undeletion (by
-- deleted_event_time) wins.
WHERE t.deleted_event_time IS NULL OR EXCLUDED.deleted_event_time IS NULL
   OR EXCLUDED.deleted_event_time >= t.deleted_event_time

-- name: mark_client_deleted
-- crm.registry.client.deleted ($2 true) or undeleted ($2 false) at ce-time $3. A client planning
-- has not seen yet gets its row now (with empty requisites, which its client.created fills in),
-- so the mark is not lost when the deletion arrives first.
INSERT INTO clients AS t (id, deleted, deleted_event_time)
VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE
SET deleted = EXCLUDED.deleted, deleted_event_time = EXCLUDED.deleted_event_time,
    updated_at = now()
:deletion_mark_guard;

-- name: mark_contact_person_deleted
-- crm.registry.contact_person.deleted ($3 true) or undeleted ($3 false) of client $2 at ce-time
-- $4, as mark_client_deleted.
INSERT INTO contact_persons AS t (id, client_id, deleted, deleted_event_time)
VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE
SET deleted = EXCLUDED.deleted, deleted_event_time = EXCLUDED.deleted_event_time,
    updated_at = now()
:deletion_mark_guard;

-- name: upsert_employee
INSERT INTO employees (id, full_name, email, department, event_time)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE
SET full_name = EXCLUDED.full_name, email = EXCLUDED.email, department = EXCLUDED.department,
    event_time = EXCLUDED.event_time, updated_at = now()
WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= employees.event_time;

-- name: find_client
SELECT id::text AS id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email
FROM clients
WHERE id = $1;

-- name: client_deleted
SELECT deleted FROM clients WHERE id = $1;

-- name: find_contact_person
SELECT id::text AS id, client_id::text AS client_id, full_name, position, phone, email, deleted
FROM contact_persons
WHERE id = $1;

-- name: find_edition
-- The dates as "YYYY-MM-DD" text, NULL when registry gave none.
SELECT id::text AS id, project_id::text AS project_id, display_name, project_display_name,
       to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
       venue, currency_code, price_per_m2
FROM editions
WHERE id = $1;

-- name: find_edition_terms
-- The edition's status, base price and stand price list (one row per listed type, or one row
-- with NULL type and price when the list is empty); no row for an unknown edition.
SELECT e.status, e.currency_code, e.price_per_m2, s.stand_type,
       s.price_per_m2 AS stand_price_per_m2
FROM editions e
LEFT JOIN edition_stand_prices s ON s.edition_id = e.id
WHERE e.id = $1
ORDER BY s.stand_type;

-- name: find_employee
SELECT id::text AS id, full_name, email, department FROM employees WHERE id = $1;
