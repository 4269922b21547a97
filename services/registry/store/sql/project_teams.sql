-- Project teams: one row per (project, employee) (store/staff_org_store.cpp). Every statement
-- returning a member selects the same columns, read by one decoder: id is the member's employee
-- id (the key a page continues after), full_name the employee's. Lists order by the employee's
-- (full_name, id).

-- name: project_team_member_set
-- Employee $2 joins project $1's team as $3, or takes that role; $4 the actor. Also returns
-- prior_role, the role before ('' when the employee just joined).
WITH prior AS (
  SELECT role FROM project_team_members WHERE project_id = $1::uuid AND employee_id = $2::uuid),
t AS (
  INSERT INTO project_team_members (project_id, employee_id, role, added_by, updated_by)
  VALUES ($1::uuid, $2::uuid, $3, $4, $4)
  ON CONFLICT (project_id, employee_id)
  DO UPDATE SET role = EXCLUDED.role, updated_at = now(), updated_by = EXCLUDED.updated_by
  RETURNING *)
SELECT t.employee_id::text AS id, e.full_name, t.project_id::text AS project_id, t.role,
       (extract(epoch FROM t.added_at) * 1000000)::bigint AS added_us,
       (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us,
       coalesce((SELECT role FROM prior), '') AS prior_role
FROM t JOIN employees e ON e.id = t.employee_id;

-- name: project_team_member_remove
WITH t AS (
  DELETE FROM project_team_members WHERE project_id = $1::uuid AND employee_id = $2::uuid
  RETURNING *)
SELECT t.employee_id::text AS id, e.full_name, t.project_id::text AS project_id, t.role,
       (extract(epoch FROM t.added_at) * 1000000)::bigint AS added_us,
       (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us
FROM t JOIN employees e ON e.id = t.employee_id;

-- name: project_team_members_list
-- The team of project $1 after ($2, $3), at most $4.
SELECT t.employee_id::text AS id, e.full_name, t.project_id::text AS project_id, t.role,
       (extract(epoch FROM t.added_at) * 1000000)::bigint AS added_us,
       (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us
FROM project_team_members t JOIN employees e ON e.id = t.employee_id
WHERE t.project_id = $1::uuid AND (e.full_name, e.id) > ($2, $3::uuid)
ORDER BY e.full_name, e.id
LIMIT $4;
