-- Registry's clients, contact persons, editions and employees as planning keeps them, fed by
-- registry events. Each upsert's WHERE keeps an older event (by its ce-time, `event_time`) from
-- overwriting what a newer one wrote; without a time the latest delivery wins.

-- name: upsert_client
INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email,
                     event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE
SET display_name = EXCLUDED.display_name, legal_name = EXCLUDED.legal_name, inn = EXCLUDED.inn,
    kpp = EXCLUDED.kpp, ogrn = EXCLUDED.ogrn, legal_address = EXCLUDED.legal_address,
    phone = EXCLUDED.phone, email = EXCLUDED.email, event_time = EXCLUDED.event_time,
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

-- name: upsert_edition
INSERT INTO editions (id, project_id, display_name, project_display_name, start_date, end_date,
                      venue, currency_code, price_per_m2, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE
SET project_id = EXCLUDED.project_id, display_name = EXCLUDED.display_name,
    project_display_name = EXCLUDED.project_display_name, start_date = EXCLUDED.start_date,
    end_date = EXCLUDED.end_date, venue = EXCLUDED.venue,
    currency_code = EXCLUDED.currency_code, price_per_m2 = EXCLUDED.price_per_m2,
    event_time = EXCLUDED.event_time, updated_at = now()
WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= editions.event_time;

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

-- name: find_contact_person
SELECT id::text AS id, client_id::text AS client_id, full_name, position, phone, email
FROM contact_persons
WHERE id = $1;

-- name: find_edition
-- The dates as "YYYY-MM-DD" text, NULL when registry gave none.
SELECT id::text AS id, project_id::text AS project_id, display_name, project_display_name,
       to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
       venue, currency_code, price_per_m2
FROM editions
WHERE id = $1;

-- name: find_employee
SELECT id::text AS id, full_name, email, department FROM employees WHERE id = $1;
