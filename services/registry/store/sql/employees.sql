-- The staff directory (store/employee_store.cpp, store/staff_store.cpp, and the department
-- membership of store/staff_org_store.cpp). Every statement here returns the same employee
-- columns, read by one decoder: department is the unit's display name ('' for none), read from
-- the unit and never stored beside it, so it cannot disagree with membership; roles are
-- comma-separated; department_id is '' for none. Lists order by table-qualified columns, since a
-- bare `id` in ORDER BY would name the selected text, not the uuid the index is built on.

-- fragment: employee_columns
-- The columns of an employee row, read by name by the one employee decoder.
id::text AS id, full_name, email,
       coalesce((SELECT d.display_name FROM departments d
                 WHERE d.id = employees.department_id), '') AS department,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_us,
       array_to_string(roles, ',') AS roles, status, version,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us,
       coalesce(department_id::text, '') AS department_id

-- name: employee_insert
-- E-mail addresses are unique in any letter case.
INSERT INTO employees (id, full_name, email, created_by)
VALUES ($1::uuid, $2, $3, $4)
RETURNING :employee_columns;

-- name: employee_by_email
SELECT :employee_columns
FROM employees
WHERE lower(email) = lower($1);

-- name: employees_list
-- Ordered by (full_name, id), after ($1, $2), at most $3.
SELECT :employee_columns
FROM employees
WHERE (full_name, id) > ($1, $2::uuid)
ORDER BY employees.full_name, employees.id
LIMIT $3;

-- name: employee_get
SELECT :employee_columns
FROM employees
WHERE id = $1::uuid;

-- name: employee_get_for_update
-- An edit or a departure holds the row until commit.
SELECT :employee_columns
FROM employees
WHERE id = $1::uuid
FOR UPDATE;

-- name: employee_get_for_share
-- An assignment only needs the employee to stay active, so assignments to one employee do not
-- wait for each other.
SELECT :employee_columns
FROM employees
WHERE id = $1::uuid
FOR SHARE;

-- name: employee_update
-- $4: the roles joined by commas ('' for none).
UPDATE employees
SET full_name = $2, email = $3,
    roles = coalesce(string_to_array(NULLIF($4, ''), ','), '{}')::text[],
    version = version + 1, updated_at = now(), updated_by = $5
WHERE id = $1::uuid
RETURNING :employee_columns;

-- name: employee_mark_left
UPDATE employees
SET status = 'left', left_at = now(), version = version + 1, updated_at = now(),
    updated_by = $2
WHERE id = $1::uuid
RETURNING :employee_columns;

-- name: employee_set_department
-- Employee $1 into department $2 ('' for none); $3 the actor.
UPDATE employees
SET department_id = NULLIF($2, '')::uuid, version = version + 1, updated_at = now(),
    updated_by = $3
WHERE id = $1::uuid
RETURNING :employee_columns;

-- name: department_members_list
-- The members of department $1 by (full_name, id), after ($2, $3), at most $4.
SELECT :employee_columns
FROM employees
WHERE department_id = $1::uuid AND (full_name, id) > ($2, $3::uuid)
ORDER BY employees.full_name, employees.id
LIMIT $4;
