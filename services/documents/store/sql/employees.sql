-- Registry's employees as far as documents needs them: the department unit each belongs to,
-- kept current by crm.registry.employee.updated.

-- name: employee_set_department
-- $2: the unit (NULL for none); $3: the event's ce-time. An older event does not undo a newer.
INSERT INTO employees (id, department_id, event_time)
VALUES ($1, $2::uuid, $3)
ON CONFLICT (id) DO UPDATE
SET department_id = EXCLUDED.department_id, event_time = EXCLUDED.event_time, updated_at = now()
WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= employees.event_time;

-- name: employee_department
SELECT department_id::text AS department_id FROM employees WHERE id = $1;
