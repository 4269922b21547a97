-- Registry's employees as accounting needs them (migrations/0005_invoice_receivables.sql): the
-- department unit of each, from crm.registry.employee.updated, for a head of sales' reach.

-- name: accounting_set_employee_department
-- $1 employee id, $2 the unit ('' for none), $3 the event's ce-time (NULL when it had none). An
-- older event does not undo a newer one.
INSERT INTO employees (id, department_id, event_time)
VALUES ($1, NULLIF($2, '')::uuid, $3::timestamptz)
ON CONFLICT (id) DO UPDATE
SET department_id = EXCLUDED.department_id, event_time = EXCLUDED.event_time, updated_at = now()
WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= employees.event_time;

-- name: accounting_employee_department
-- $1 employee id: their unit, no row when accounting has not heard of them.
SELECT COALESCE(department_id::text, '') AS department_id FROM employees WHERE id = $1;
