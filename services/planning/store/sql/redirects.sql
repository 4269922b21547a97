-- Redirects (RedirectService). Every statement returning redirects returns the same columns
-- (store::RedirectFromRow), among them the department unit of the sender as planning knows it
-- now ('' for none).

-- fragment: redirect_columns
-- The columns of a redirect r (store::RedirectFromRow).
r.id::text AS id, r.client_id::text AS client_id,
       r.from_employee_id::text AS from_employee_id, r.to_employee_id::text AS to_employee_id,
       r.to_department, (extract(epoch from r.deadline) * 1000000)::bigint AS deadline_us, r.goal,
       r.responsible_id::text AS responsible_id, r.status, r.status_comment,
       r.contact_id::text AS contact_id, r.version, r.task_id::text AS task_id,
       r.result::text AS result,
       (extract(epoch from r.create_time) * 1000000)::bigint AS create_time_us,
       (extract(epoch from r.update_time) * 1000000)::bigint AS update_time_us,
       coalesce((SELECT e.department_id::text FROM employees e WHERE e.id = r.from_employee_id),
                '') AS from_department_id

-- fragment: redirect_box_filter
-- What the redirect boxes share after the box's owner ($1): $2 status or NULL, $3 overdue only (as
-- of $4), ($5, $6) the keyset (deadline, id) of the previous page's last row or NULL.
($2::text IS NULL OR r.status = $2::text)
  AND (NOT $3::boolean OR (r.status IN ('OPEN', 'IN_PROGRESS') AND r.deadline < $4::timestamptz))
  AND ($5::timestamptz IS NULL OR (r.deadline, r.id) > ($5::timestamptz, $6::uuid))

-- fragment: redirect_box_rest
-- The filter, the boxes' order and $7 the limit.
:redirect_box_filter
ORDER BY r.deadline, r.id
LIMIT $7;

-- name: insert_redirect
WITH r AS (INSERT INTO redirects (id, client_id, from_employee_id, to_employee_id, to_department,
                                  deadline, goal, responsible_id, status, contact_id, create_time,
                                  update_time, task_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9, $10, $10, $11)
           RETURNING *)
SELECT :redirect_columns
FROM r;

-- name: find_redirect
SELECT :redirect_columns
FROM redirects r
WHERE r.id = $1;

-- name: find_redirect_for_update
SELECT :redirect_columns
FROM redirects r
WHERE r.id = $1
FOR UPDATE;

-- name: find_redirect_by_task_for_update
-- The redirect whose task is $1, locked; no row for a task of no redirect.
SELECT :redirect_columns
FROM redirects r
WHERE r.task_id = $1
FOR UPDATE;

-- name: update_redirect_work
-- Who works on the redirect and how far: $2 the task or NULL, $3 the responsible person or NULL,
-- $4 the status, $5 the status comment, $6 the result (JSON) or NULL, $7 the time.
WITH r AS (UPDATE redirects
           SET task_id = $2, responsible_id = $3, status = $4, status_comment = $5,
               result = $6::jsonb, update_time = $7, version = version + 1
           WHERE id = $1
           RETURNING *)
SELECT :redirect_columns
FROM r;

-- name: follow_task_owners
-- The redirects whose tasks are among $1 (a uuid[] literal) take the task's owner as their
-- responsible person (the tasks were reassigned) at $2 (NULL: now).
UPDATE redirects r
SET responsible_id = c.owner_id, update_time = coalesce($2::timestamptz, now()),
    version = r.version + 1
FROM contacts c
WHERE c.id = r.task_id AND r.task_id = ANY ($1::uuid[])
  AND r.responsible_id IS DISTINCT FROM c.owner_id;

-- name: update_redirect_status
WITH r AS (UPDATE redirects
           SET status = $2, status_comment = $3, update_time = $4, version = version + 1
           WHERE id = $1
           RETURNING *)
SELECT :redirect_columns
FROM r;

-- name: list_redirects_sent
-- The boxes share their filters: $1 the box's owner (here the sender), $2 status or NULL, $3
-- overdue only (as of $4), ($5, $6) the keyset (deadline, id) of the previous page's last row or
-- NULL, $7 the limit.
SELECT :redirect_columns
FROM redirects r
WHERE r.from_employee_id = $1::uuid
  AND :redirect_box_rest

-- name: list_redirects_received
-- $1 the employee the redirects were sent to or who is responsible; $2..$7 as in
-- list_redirects_sent. Each of the two ways to be the receiver reads its own index in deadline
-- order up to the limit, and the page is cut from both (a redirect sent to the employee is usually
-- also theirs to do: once). An OR of the two read and sorted every redirect the employee ever
-- received for each page.
SELECT :redirect_columns
FROM redirects r
WHERE r.id IN ((SELECT r.id FROM redirects r
                WHERE r.to_employee_id = $1::uuid AND :redirect_box_filter
                ORDER BY r.deadline, r.id LIMIT $7)
               UNION
               (SELECT r.id FROM redirects r
                WHERE r.responsible_id = $1::uuid AND :redirect_box_filter
                ORDER BY r.deadline, r.id LIMIT $7))
ORDER BY r.deadline, r.id
LIMIT $7;

-- name: list_redirects_department
-- $1 the department, "departments/{uuid}"; $2..$7 as in list_redirects_sent.
SELECT :redirect_columns
FROM redirects r
WHERE r.to_department = $1::text
  AND :redirect_box_rest
