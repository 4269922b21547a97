-- Curators: the terms in which an employee looks after a client (or one of its contact persons)
-- in a project (store/staff_store.cpp). Every statement returning a term selects the same
-- columns, read by one decoder: contact_person_id is '' for the client as a whole; ended_us is
-- NULL while the term is current. Lists page by seq, the order terms began; the first page
-- starts after 0.

-- fragment: curator_columns
-- The columns of a curatorship term, read by name by the one term decoder.
id::text AS id, seq, client_id::text AS client_id, project_id::text AS project_id,
       coalesce(contact_person_id::text, '') AS contact_person_id,
       employee_id::text AS employee_id,
       (extract(epoch FROM started_at) * 1000000)::bigint AS started_us, assigned_by,
       (extract(epoch FROM ended_at) * 1000000)::bigint AS ended_us,
       coalesce(ended_by, '') AS ended_by, coalesce(end_reason, '') AS end_reason

-- name: curator_current_for_update
-- The current term of ($1 client, $2 project, $3 contact person or '').
SELECT :curator_columns
FROM curators
WHERE client_id = $1::uuid AND project_id = $2::uuid AND ended_at IS NULL
  AND contact_person_id IS NOT DISTINCT FROM NULLIF($3, '')::uuid
FOR UPDATE;

-- name: curator_insert
INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id, assigned_by)
VALUES ($1::uuid, $2::uuid, $3::uuid, NULLIF($4, '')::uuid, $5::uuid, $6)
RETURNING :curator_columns;

-- name: curator_get_for_update
-- Term $1 of client $2.
SELECT :curator_columns
FROM curators
WHERE id = $1::uuid AND client_id = $2::uuid
FOR UPDATE;

-- name: curator_end
-- $2 the actor; $3 why: replaced or ended.
UPDATE curators
SET ended_at = now(), ended_by = $2, end_reason = $3
WHERE id = $1::uuid AND ended_at IS NULL
RETURNING :curator_columns;

-- name: curators_current_of_client
-- The current terms of client $1 after seq $2, at most $3.
SELECT :curator_columns
FROM curators
WHERE client_id = $1::uuid AND ended_at IS NULL AND seq > $2::bigint
ORDER BY seq
LIMIT $3;

-- name: curators_all_of_client
-- Every term of client $1, current or ended, after seq $2, at most $3.
SELECT :curator_columns
FROM curators
WHERE client_id = $1::uuid AND seq > $2::bigint
ORDER BY seq
LIMIT $3;

-- name: curators_current_of_employee
-- The current terms of employee $1 after seq $2, at most $3.
SELECT :curator_columns
FROM curators
WHERE employee_id = $1::uuid AND ended_at IS NULL AND seq > $2::bigint
ORDER BY seq
LIMIT $3;

-- name: curator_curates_client
-- Does employee $1 curate client $2 now, in any project? (The access rule "a manager edits the
-- clients they curate".)
SELECT EXISTS (SELECT 1 FROM curators
               WHERE employee_id = $1::uuid AND client_id = $2::uuid AND ended_at IS NULL)
       AS curates;

-- name: client_current_curator_employees
-- The employees curating client $1 now, in any project: who of the sales staff edits it.
SELECT DISTINCT employee_id::text AS employee_id
FROM curators
WHERE client_id = $1::uuid AND ended_at IS NULL;

-- name: curators_count_current_of_employee
SELECT count(*) AS current_terms
FROM curators
WHERE employee_id = $1::uuid AND ended_at IS NULL;

-- name: contact_person_of_client
-- Is contact person $1 one of client $2's?
SELECT EXISTS (SELECT 1 FROM contact_persons WHERE id = $1::uuid AND client_id = $2::uuid)
       AS belongs;

-- name: curators_reassign
-- Every current term of employee $1 ends and passes to the successors $2 (round-robin in the
-- order the terms began) in one statement; $3 the actor. The insert reads the ended rows, so
-- each old term is closed before its successor's term takes its place in the one-current index.
WITH moving AS (
  SELECT id, seq, client_id, project_id, contact_person_id,
         (row_number() OVER (ORDER BY seq) - 1) % cardinality($2::uuid[]) + 1 AS slot
  FROM curators
  WHERE employee_id = $1::uuid AND ended_at IS NULL),
ended AS (
  UPDATE curators c
  SET ended_at = now(), ended_by = $3, end_reason = 'employee_left'
  FROM moving m
  WHERE c.id = m.id
  RETURNING c.id)
INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id, assigned_by,
                      succeeds)
SELECT gen_random_uuid(), m.client_id, m.project_id, m.contact_person_id,
       ($2::uuid[])[m.slot], $3, m.id
FROM ended e JOIN moving m ON m.id = e.id
ORDER BY m.seq
RETURNING :curator_columns;
