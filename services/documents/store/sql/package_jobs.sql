-- The sales whose package waits to be issued after their invoice (sale_package_jobs).

-- name: package_job_insert
INSERT INTO sale_package_jobs (sale_id, event_id, request_id, sale, sale_as_of, issue_date)
VALUES ($1, $2, $3, $4, $5::timestamptz, $6::date);

-- name: package_job_next
-- The oldest due job no other replica is working on, locked until the transaction ends.
SELECT id, sale_id::text AS sale_id, event_id, request_id, sale,
       to_char(sale_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sale_as_of,
       to_char(issue_date, 'YYYY-MM-DD') AS issue_date, attempts
FROM sale_package_jobs
WHERE not_before <= now()
ORDER BY not_before, id
LIMIT 1
FOR UPDATE SKIP LOCKED;

-- name: package_job_delete
DELETE FROM sale_package_jobs WHERE id = $1;

-- name: package_job_postpone
-- A job that failed: tried again after $2 seconds, its error kept for the operator.
UPDATE sale_package_jobs
SET attempts = attempts + 1, not_before = now() + make_interval(secs => $2), last_error = $3
WHERE id = $1;

-- name: package_job_invoice
-- The sale's current invoice (numbered, not replaced) a package is issued beside: its issuer,
-- status, DocumentIssued snapshot, and whether it shows the sale as of $2 exactly.
SELECT issuer_id::text AS issuer_id, status, snapshot::text AS snapshot,
       sale_as_of = $2::timestamptz AS same_state
FROM documents
WHERE sale_id = $1 AND doc_type = 'INVOICE' AND status <> 'REPLACED'
  AND sequence_number IS NOT NULL;

-- name: package_job_count
SELECT count(*) AS waiting FROM sale_package_jobs;
