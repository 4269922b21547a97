-- A head of sales reads the reports of their department unit's managers (the shared access rule):
-- each employee's unit comes from crm.registry.employee.updated and is read at request time, so a
-- move between departments takes effect at once. `event_time` (the event's ce-time) keeps an
-- older event from overwriting a newer one.
ALTER TABLE employees ADD COLUMN department_id uuid;
ALTER TABLE employees ADD COLUMN event_time timestamptz;
CREATE INDEX employees_by_department ON employees (department_id, id)
  WHERE department_id IS NOT NULL;
