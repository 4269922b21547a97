-- The manager report: one set-based query per section. $1 manager id, $2 start (inclusive),
-- $3 end (exclusive), times as RFC 3339 text.

-- name: analytics_manager_known
-- $1 manager id: known when the registry announced them or they own anything.
SELECT EXISTS (SELECT 1 FROM employees WHERE id = $1)
    OR EXISTS (SELECT 1 FROM contacts WHERE owner_id = $1)
    OR EXISTS (SELECT 1 FROM sales WHERE manager_id = $1) AS known;

-- name: analytics_employee_department
SELECT department_id::text AS department_id FROM employees WHERE id = $1;

-- name: analytics_completed_by_type
SELECT type AS key, count(*) AS n
FROM contacts
WHERE owner_id = $1 AND state = 'completed'
  AND complete_time >= $2::timestamptz AND complete_time < $3::timestamptz
GROUP BY type;

-- name: analytics_completed_by_result
SELECT result_kind AS key, count(*) AS n
FROM contacts
WHERE owner_id = $1 AND state = 'completed'
  AND complete_time >= $2::timestamptz AND complete_time < $3::timestamptz
GROUP BY result_kind;

-- name: analytics_open_contacts
SELECT count(*) AS n
FROM contacts
WHERE owner_id = $1 AND state = 'planned'
  AND scheduled_time >= $2::timestamptz AND scheduled_time < $3::timestamptz;

-- name: analytics_sales_totals
-- Active sales only: a cancelled one is kept but counts nowhere.
SELECT count(*) AS sales, coalesce(sum(area_dm2), 0)::bigint AS area_dm2,
       coalesce(sum(net), 0)::bigint AS net, coalesce(sum(total), 0)::bigint AS total
FROM sales
WHERE manager_id = $1 AND state = 'active'
  AND sale_time >= $2::timestamptz AND sale_time < $3::timestamptz;
