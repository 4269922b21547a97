-- Departments (store/staff_org_store.cpp). Every statement returning a department selects the
-- same columns, read by one decoder: head_id is '' for none; member_count counts the employees
-- in it; deleted_us is NULL while it is live. The statements that move employees between
-- departments return employees and live in employees.sql.

-- fragment: department_columns
-- The columns of a department d, read by name by the one department decoder.
d.id::text AS id, d.display_name, coalesce(d.head_id::text, '') AS head_id,
       (SELECT count(*) FROM employees e WHERE e.department_id = d.id) AS member_count,
       (extract(epoch FROM d.created_at) * 1000000)::bigint AS created_us,
       (extract(epoch FROM d.updated_at) * 1000000)::bigint AS updated_us,
       (extract(epoch FROM d.deleted_at) * 1000000)::bigint AS deleted_us, d.version

-- name: department_insert
-- Fails with a unique violation when a live department's name is taken.
WITH d AS (
  INSERT INTO departments (id, display_name, head_id, created_by, updated_by)
  VALUES ($1::uuid, $2, NULLIF($3, '')::uuid, $4, $4)
  RETURNING *)
SELECT :department_columns
FROM d;

-- name: department_get
SELECT :department_columns
FROM departments d
WHERE d.id = $1::uuid;

-- name: department_get_for_update
SELECT :department_columns
FROM departments d
WHERE d.id = $1::uuid
FOR UPDATE OF d;

-- name: department_live_by_name
-- The live department named $1, in any letter case.
SELECT :department_columns
FROM departments d
WHERE lower(d.display_name) = lower($1) AND d.deleted_at IS NULL;

-- name: department_update
-- $2 the name, $3 the head ('' for none), $4 the actor. The members' department text follows,
-- since it is read from the department.
UPDATE departments d
SET display_name = $2, head_id = NULLIF($3, '')::uuid, version = version + 1,
    updated_at = now(), updated_by = $4
WHERE d.id = $1::uuid
RETURNING :department_columns;

-- name: department_delete
UPDATE departments d
SET deleted_at = now(), version = version + 1, updated_at = now(), updated_by = $2
WHERE d.id = $1::uuid
RETURNING :department_columns;

-- name: departments_list
-- Live departments by (display_name, id), after ($1, $2), at most $3.
SELECT :department_columns
FROM departments d
WHERE d.deleted_at IS NULL AND (d.display_name, d.id) > ($1, $2::uuid)
ORDER BY d.display_name, d.id
LIMIT $3;
