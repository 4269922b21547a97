-- An employee's department is their department unit, and nothing else. Until now an employee
-- also had a free-text `department` that UpdateEmployee wrote (heads of sales included) and that
-- other services decided a head's reach by. Each free text without a unit becomes a unit of that
-- name (one per name, whatever the letter case; an existing live unit of the name is reused),
-- its employees become its members, and the text column goes: the department text an employee
-- shows is read from the unit.

CREATE TEMPORARY TABLE migrated_units ON COMMIT DROP AS
SELECT DISTINCT ON (lower(btrim(e.department)))
       gen_random_uuid() AS id, btrim(e.department) AS display_name
  FROM employees e
 WHERE e.department_id IS NULL AND btrim(e.department) <> ''
   AND NOT EXISTS (SELECT 1 FROM departments d
                    WHERE d.deleted_at IS NULL AND lower(d.display_name) = lower(btrim(e.department)))
 ORDER BY lower(btrim(e.department)), e.created_at, e.id;

INSERT INTO departments (id, display_name, created_by, updated_by)
SELECT id, display_name, 'services/registry', 'services/registry' FROM migrated_units;

UPDATE employees e
   SET department_id = d.id, version = e.version + 1, updated_at = now(),
       updated_by = 'services/registry'
  FROM departments d
 WHERE e.department_id IS NULL AND btrim(e.department) <> ''
   AND d.deleted_at IS NULL AND lower(d.display_name) = lower(btrim(e.department));

ALTER TABLE employees DROP COLUMN department;

-- The other services learn the units and every employee's membership from the stream, in this
-- order: the new units (department.created), the units they already had a chance to miss
-- (department.updated, a full snapshot), then every employee (employee.updated with
-- department_unit). Payloads are the events' canonical JSON, empty fields left out.
INSERT INTO outbox (id, subject, type, source, subject_id, dataschema, payload)
SELECT gen_random_uuid(), 'crm.registry.department.created', 'crm.registry.department.created.v1',
       'crm/registry', 'departments/' || u.id, 'crm.events.v1.DepartmentCreated',
       jsonb_build_object('department', jsonb_build_object(
         'department', 'departments/' || u.id, 'displayName', u.display_name))::text
  FROM migrated_units u ORDER BY u.display_name;

INSERT INTO outbox (id, subject, type, source, subject_id, dataschema, payload)
SELECT gen_random_uuid(), 'crm.registry.department.updated', 'crm.registry.department.updated.v1',
       'crm/registry', 'departments/' || d.id, 'crm.events.v1.DepartmentUpdated',
       jsonb_build_object('department', jsonb_strip_nulls(jsonb_build_object(
         'department', 'departments/' || d.id, 'displayName', d.display_name,
         'head', 'employees/' || d.head_id)))::text
  FROM departments d
 WHERE d.deleted_at IS NULL AND d.id NOT IN (SELECT id FROM migrated_units)
 ORDER BY d.display_name, d.id;

INSERT INTO outbox (id, subject, type, source, subject_id, dataschema, payload)
SELECT gen_random_uuid(), 'crm.registry.employee.updated', 'crm.registry.employee.updated.v1',
       'crm/registry', 'employees/' || e.id, 'crm.events.v1.EmployeeUpdated',
       jsonb_strip_nulls(jsonb_build_object(
         'employee', jsonb_strip_nulls(jsonb_build_object(
           'employee', 'employees/' || e.id, 'fullName', NULLIF(e.full_name, ''),
           'email', NULLIF(e.email, ''), 'department', d.display_name)),
         'roles', CASE WHEN cardinality(e.roles) > 0 THEN to_jsonb(e.roles) END,
         'status', e.status,
         'departmentUnit', 'departments/' || e.department_id))::text
  FROM employees e LEFT JOIN departments d ON d.id = e.department_id
 ORDER BY e.created_at, e.id;
