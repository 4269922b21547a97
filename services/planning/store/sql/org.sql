-- Registry's organisation as planning keeps it: each employee's department unit, the units, and
-- (for client writes) the clients' curators. The upserts' WHERE keeps an older event (by its
-- ce-time, `event_time`) from overwriting what a newer one wrote; without a time the latest
-- delivery wins.

-- name: upsert_employee_membership
-- crm.registry.employee.updated: the full snapshot with the unit ($5, NULL for none).
INSERT INTO employees (id, full_name, email, department, department_id, event_time)
VALUES ($1, $2, $3, $4, $5::uuid, $6)
ON CONFLICT (id) DO UPDATE
SET full_name = EXCLUDED.full_name, email = EXCLUDED.email, department = EXCLUDED.department,
    department_id = EXCLUDED.department_id, event_time = EXCLUDED.event_time, updated_at = now()
WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= employees.event_time;

-- name: find_employee_department
SELECT coalesce(department_id::text, '') AS department_id FROM employees WHERE id = $1;

-- name: upsert_department
INSERT INTO departments (id, display_name, head_id, deleted, event_time)
VALUES ($1, $2, $3::uuid, false, $4)
ON CONFLICT (id) DO UPDATE
SET display_name = EXCLUDED.display_name, head_id = EXCLUDED.head_id, deleted = false,
    event_time = EXCLUDED.event_time, updated_at = now()
WHERE departments.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= departments.event_time;

-- name: mark_department_deleted
INSERT INTO departments (id, deleted, event_time)
VALUES ($1, true, $2)
ON CONFLICT (id) DO UPDATE
SET deleted = true, event_time = EXCLUDED.event_time, updated_at = now()
WHERE departments.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= departments.event_time;

-- name: department_rename_members
-- The members' department text follows the unit's name as stored (a late, older event renamed
-- nothing in upsert_department, so nothing changes here either).
UPDATE employees e
SET department = d.display_name
FROM departments d
WHERE d.id = $1 AND e.department_id = d.id AND e.department <> d.display_name;

-- name: department_adopt_redirects
-- Redirects sent to a department by its name before there were units join the queue of the unit
-- of that name once registry announces it.
UPDATE redirects r
SET to_department = 'departments/' || d.id::text
FROM departments d
WHERE d.id = $1 AND NOT d.deleted AND r.to_department NOT LIKE 'departments/%'
  AND lower(btrim(r.to_department)) = lower(d.display_name);

-- name: department_exists
SELECT 1 AS found FROM departments WHERE id = $1 AND NOT deleted;

-- name: curator_replace_earlier
-- Curator terms ($1 term, $2 client, $3 project, $4 contact person or NULL; here $5 the start):
-- a term replaces the earlier current ones of its client, project and contact person.
UPDATE curators
SET ended = true, updated_at = now()
WHERE client_id = $2 AND project_id = $3 AND contact_person_id IS NOT DISTINCT FROM $4::uuid
  AND id <> $1 AND NOT ended AND start_time <= $5::timestamptz;

-- name: curator_insert_term
-- $5 the employee, $6 the start. A term older than one already known arrives replaced, so
-- either order of delivery ends in the same rows.
INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id, start_time,
                      ended)
SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::timestamptz,
       EXISTS (SELECT 1 FROM curators l
               WHERE l.client_id = $2 AND l.project_id = $3
                 AND l.contact_person_id IS NOT DISTINCT FROM $4::uuid AND l.id <> $1
                 AND l.start_time > $6::timestamptz)
ON CONFLICT (id) DO NOTHING;

-- name: curator_end_term
-- crm.registry.curator.ended: the term is over (recorded even before its assignment).
INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id, start_time,
                      ended)
VALUES ($1, $2, $3, $4::uuid, $5, $6::timestamptz, true)
ON CONFLICT (id) DO UPDATE SET ended = true, updated_at = now();

-- name: client_current_curators
SELECT DISTINCT employee_id::text AS employee_id FROM curators WHERE client_id = $1 AND NOT ended;
