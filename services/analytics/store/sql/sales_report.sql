-- The period sales report and the readiness funnel: one grouped query per section, each over
-- what the caller reaches. The reach parameters are the same everywhere: `all` (every record),
-- else the caller's own (`owner`, an employee id or NULL) and, for a head of sales, their
-- department unit's (`owner department` or NULL). A sale counts for the department its manager
-- was in when it was recorded; a contact for its owner's department now.

-- name: analytics_sales_report_sales
-- $1 previous start, $2 current start, $3 end (exclusive), $4 grouping (1 manager,
-- 2 department, 3 edition, 4 stand type), $5 edition or NULL, $6 department or NULL, $7 all,
-- $8 owner or NULL, $9 owner department or NULL. A row per period and group, and a total row per
-- period (`total`). Active sales only: those made in the period with their current invoice's
-- total and what standing payments have not covered of it, and the standing payments dated in
-- the period on any of the group's sales (a date counts as the start of its day in UTC: the
-- bounds below are the first days whose start is at or after each parameter).
WITH bounds AS (
  SELECT (($1::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1 AS first_day,
         (($2::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1 AS current_day,
         (($3::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1 AS end_day
), paid AS (
  SELECT sh.sale_id, sh.amount, sh.payment_date >= b.current_day AS current
  FROM payment_shares sh, bounds b
  WHERE sh.payment_date >= b.first_day AND sh.payment_date < b.end_day AND :standing_share
), scoped AS (
  -- The period's sales and those paid in it, each once: two scans an index serves (by edition,
  -- manager or department and time; by id) instead of a union of ids joined back to the sales.
  SELECT s.id, s.area_dm2, s.net, s.total, s.sale_time,
         CASE $4::int
           WHEN 1 THEN 'employees/' || s.manager_id
           WHEN 2 THEN coalesce('departments/' || s.department_id, '')
           WHEN 3 THEN s.edition
           ELSE coalesce(s.stand_type, '')
         END AS key
  FROM (SELECT r.id, r.area_dm2, r.net, r.total, r.sale_time, r.manager_id, r.department_id,
               r.edition, r.stand_type, r.state
        FROM sales r
        WHERE r.sale_time >= $1::timestamptz AND r.sale_time < $3::timestamptz
        UNION ALL
        SELECT r.id, r.area_dm2, r.net, r.total, r.sale_time, r.manager_id, r.department_id,
               r.edition, r.stand_type, r.state
        FROM sales r
        WHERE r.id IN (SELECT sale_id FROM paid)
          AND NOT (r.sale_time >= $1::timestamptz AND r.sale_time < $3::timestamptz)) s
  WHERE s.state = 'active'
    AND ($5::text IS NULL OR s.edition = $5::text)
    AND ($6::uuid IS NULL OR s.department_id = $6::uuid)
    AND ($7::boolean OR s.manager_id = $8::uuid
         OR ($9::uuid IS NOT NULL AND s.department_id = $9::uuid))
), invoiced AS (
  -- Each sale's current invoice.
  SELECT DISTINCT ON (i.sale_id) i.sale_id, i.total
  FROM invoices i
  WHERE i.sale_id IN (SELECT id FROM scoped) AND i.issued AND NOT i.replaced AND NOT i.annulled
  ORDER BY i.sale_id, i.issue_date DESC, i.sequence_number DESC
), covered AS (
  -- What the standing payments cover of the invoiced sales.
  SELECT sh.sale_id, sum(sh.amount) AS amount
  FROM payment_shares sh
  WHERE sh.sale_id IN (SELECT sale_id FROM invoiced) AND :standing_share
  GROUP BY sh.sale_id
), facts AS (
  SELECT s.key, s.sale_time >= $2::timestamptz AS current, 1 AS sales, s.area_dm2, s.net,
         s.total, coalesce(inv.total, 0) AS invoiced, 0::bigint AS received,
         greatest(coalesce(inv.total, 0) - coalesce(covered.amount, 0), 0) AS outstanding
  FROM scoped s
  LEFT JOIN invoiced inv ON inv.sale_id = s.id
  LEFT JOIN covered ON covered.sale_id = s.id
  WHERE s.sale_time >= $1::timestamptz AND s.sale_time < $3::timestamptz
  UNION ALL
  SELECT s.key, p.current, 0, 0, 0, 0, 0, p.amount, 0
  FROM paid p
  JOIN scoped s ON s.id = p.sale_id
)
SELECT current, GROUPING(key) = 1 AS total, coalesce(key, '') AS key,
       coalesce(sum(sales), 0)::bigint AS sales,
       coalesce(sum(area_dm2), 0)::bigint AS area_dm2, coalesce(sum(net), 0)::bigint AS net,
       coalesce(sum(total), 0)::bigint AS total_amount,
       coalesce(sum(invoiced), 0)::bigint AS invoiced,
       coalesce(sum(received), 0)::bigint AS received,
       coalesce(sum(outstanding), 0)::bigint AS outstanding
FROM facts
GROUP BY GROUPING SETS ((current, key), (current));

-- name: analytics_sales_report_contacts
-- The same parameters; completed contacts by completion time. Stand type grouping (4) keys every
-- contact "" (contacts have none).
WITH scoped AS (
  SELECT c.positive, c.result_kind, c.client_id, c.complete_time >= $2::timestamptz AS current,
         CASE $4::int
           WHEN 1 THEN 'employees/' || c.owner_id
           WHEN 2 THEN coalesce('departments/' || e.department_id, '')
           WHEN 3 THEN c.edition
           ELSE ''
         END AS key
  FROM contacts c
  LEFT JOIN employees e ON e.id = c.owner_id
  WHERE c.state = 'completed'
    AND c.complete_time >= $1::timestamptz AND c.complete_time < $3::timestamptz
    AND ($5::text IS NULL OR c.edition = $5::text)
    AND ($6::uuid IS NULL OR e.department_id = $6::uuid)
    AND ($7::boolean OR c.owner_id = $8::uuid
         OR ($9::uuid IS NOT NULL AND e.department_id = $9::uuid))
)
SELECT current, GROUPING(key) = 1 AS total, coalesce(key, '') AS key, count(*) AS completed,
       count(*) FILTER (WHERE positive) AS positive,
       count(*) FILTER (WHERE result_kind = 'refusal') AS refusals,
       count(DISTINCT client_id) AS clients
FROM scoped
GROUP BY GROUPING SETS ((current, key), (current));

-- name: analytics_sales_report_contacts_by_stand_type
-- analytics_sales_report_contacts for the stand type grouping ($4 = 4), which keys every contact
-- "": the same rows (the "" row and the total of each period, equal) from one aggregation of the
-- period's contacts instead of one per grouping set.
SELECT s.current, t.total, '' AS key, s.completed, s.positive, s.refusals, s.clients
FROM (SELECT c.complete_time >= $2::timestamptz AS current, count(*) AS completed,
             count(*) FILTER (WHERE c.positive) AS positive,
             count(*) FILTER (WHERE c.result_kind = 'refusal') AS refusals,
             count(DISTINCT c.client_id) AS clients
      FROM contacts c
      LEFT JOIN employees e ON e.id = c.owner_id
      WHERE $4::int = 4 AND c.state = 'completed'
        AND c.complete_time >= $1::timestamptz AND c.complete_time < $3::timestamptz
        AND ($5::text IS NULL OR c.edition = $5::text)
        AND ($6::uuid IS NULL OR e.department_id = $6::uuid)
        AND ($7::boolean OR c.owner_id = $8::uuid
             OR ($9::uuid IS NOT NULL AND e.department_id = $9::uuid))
      GROUP BY 1) s
CROSS JOIN (VALUES (false), (true)) AS t (total);

-- name: analytics_sales_report_refusals
-- $1 start, $2 end (the current period), $3 edition or NULL, $4 department or NULL, $5 all,
-- $6 owner or NULL, $7 owner department or NULL: refusals by reason.
SELECT coalesce(c.refusal_reason, 'REFUSAL_REASON_UNSPECIFIED') AS key, count(*) AS n
FROM contacts c
LEFT JOIN employees e ON e.id = c.owner_id
WHERE c.state = 'completed' AND c.result_kind = 'refusal'
  AND c.complete_time >= $1::timestamptz AND c.complete_time < $2::timestamptz
  AND ($3::text IS NULL OR c.edition = $3::text)
  AND ($4::uuid IS NULL OR e.department_id = $4::uuid)
  AND ($5::boolean OR c.owner_id = $6::uuid
       OR ($7::uuid IS NOT NULL AND e.department_id = $7::uuid))
GROUP BY 1;

-- name: analytics_report_names
-- $1 text[] of keys: the display names of the employees, departments and editions among them.
SELECT 'employees/' || id AS key, full_name AS name
FROM employees WHERE 'employees/' || id = ANY($1::text[])
UNION ALL
SELECT 'departments/' || id, display_name
FROM departments WHERE 'departments/' || id = ANY($1::text[])
UNION ALL
SELECT name, display_name FROM editions WHERE name = ANY($1::text[]);

-- name: analytics_edition_display_name
-- $1 edition: its name, when the projection knows the edition (its own events, a sale's
-- snapshot) or anything was assessed or sold in it.
SELECT coalesce((SELECT display_name FROM editions WHERE name = $1), '') AS display_name,
       EXISTS (SELECT 1 FROM editions WHERE name = $1)
    OR EXISTS (SELECT 1 FROM readiness_changes WHERE edition = $1)
    OR EXISTS (SELECT 1 FROM sales WHERE edition = $1) AS known;

-- fragment: readiness_funnel_stages
-- The funnel's clients, shared with its drill-down (analytics_drill_funnel_clients): $1 edition,
-- $2 all, $3 owner or NULL, $4 owner department or NULL. `f`: each client's latest assessment for
-- the edition (readiness_latest) that the caller reaches through the employee who recorded it,
-- one probe of employees by id a row (no plan-time knowledge of the reach needed).
readiness_latest f
WHERE f.edition = $1
  AND ($2::boolean OR EXISTS (
         SELECT 1 FROM employees e
         WHERE e.id = f.recorder_id
           AND (e.id = $3::uuid OR ($4::uuid IS NOT NULL AND e.department_id = $4::uuid))))

-- name: analytics_readiness_funnel
-- $1 edition, $2 all, $3 owner or NULL, $4 owner department or NULL: the clients of
-- readiness_funnel_stages by level, with those of each level who have an active sale there
-- (`bought`: their area and net).
WITH scoped AS (
  SELECT f.client_id, f.level
  FROM :readiness_funnel_stages
), bought AS (
  SELECT client_id, sum(area_dm2) AS area_dm2, sum(net) AS net
  FROM sales
  WHERE edition = $1 AND state = 'active' AND client_id IS NOT NULL
  GROUP BY client_id
)
SELECT s.level, count(*) AS clients, count(b.client_id) AS bought,
       coalesce(sum(b.area_dm2), 0)::bigint AS area_dm2, coalesce(sum(b.net), 0)::bigint AS net
FROM scoped s
LEFT JOIN bought b USING (client_id)
GROUP BY s.level;
