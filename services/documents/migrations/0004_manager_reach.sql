-- Who sees a document is decided by the shared access rule: a sales manager the documents of
-- their own sales, a head of sales those of their department unit's managers. The sale's manager
-- is kept as an id (so "employees/ABC…" and "employees/abc…" are one person), and each employee's
-- department unit comes from registry's events (crm.registry.employee.*), read at request time so
-- a move between departments takes effect at once.
ALTER TABLE documents ADD COLUMN manager_id uuid;
UPDATE documents SET manager_id = substr(manager, length('employees/') + 1)::uuid
 WHERE manager ~* '^employees/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
DROP INDEX documents_by_manager;
CREATE INDEX documents_by_manager_id ON documents (manager_id, seq);

-- Registry's employees as documents needs them: the department unit of each.
CREATE TABLE employees (
  id            uuid        PRIMARY KEY,
  department_id uuid,
  -- ce-time of the event that wrote the row: an older event never overwrites a newer one.
  event_time    timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_by_department ON employees (department_id, id)
  WHERE department_id IS NOT NULL;
