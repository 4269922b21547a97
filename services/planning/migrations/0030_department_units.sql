-- A head of sales reaches the records of their department unit's members. The employees
-- projection keeps each employee's unit (crm.registry.employee.updated carries it), and the
-- units themselves come from crm.registry.department.*: a redirect addressed to a department
-- names one ("departments/{uuid}").
ALTER TABLE employees ADD COLUMN department_id uuid;
CREATE INDEX employees_by_department ON employees (department_id, id)
  WHERE department_id IS NOT NULL;

CREATE TABLE departments (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL DEFAULT '',
  head_id      uuid,
  deleted      boolean     NOT NULL DEFAULT false,
  event_time   timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
