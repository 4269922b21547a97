-- The records behind a figure of the period sales report (ListSalesReportRecords): the same
-- rows as analytics_sales_report_sales and _contacts count, with the row's key computed the same
-- way (1 manager, 2 department, 3 edition, 4 stand type, 5 project team: the edition's project),
-- paged by (time, id).

-- name: analytics_drill_sales
-- $1 start, $2 end (exclusive), $3 grouping, $4 key or NULL (every row), $5 edition or NULL,
-- $6 department or NULL, $7 all, $8 owner or NULL, $9 owner department or NULL, ($10, $11) the
-- previous page's last (sale time in µs, id) or NULL, $12 the limit.
SELECT s.id::text AS id, (extract(epoch FROM s.sale_time) * 1000000)::bigint AS sale_time_us,
       s.manager_id::text AS manager_id, coalesce(s.client_id::text, '') AS client_id,
       s.edition, coalesce(s.stand_type, '') AS stand_type, s.area_dm2, s.net,
       s.total AS total_amount, coalesce(s.department_id::text, '') AS department_id
FROM sales s
WHERE s.state = 'active'
  AND s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
  AND ($4::text IS NULL OR $4::text = CASE $3::int
         WHEN 1 THEN 'employees/' || s.manager_id
         WHEN 2 THEN coalesce('departments/' || s.department_id, '')
         WHEN 3 THEN s.edition
         WHEN 5 THEN coalesce(substring(s.edition FROM '^(projects/[^/]+)/editions/'), '')
         ELSE coalesce(s.stand_type, '')
       END)
  AND ($5::text IS NULL OR s.edition = $5::text)
  AND ($6::uuid IS NULL OR s.department_id = $6::uuid)
  AND ($7::boolean OR s.manager_id = $8::uuid
       OR ($9::uuid IS NOT NULL AND s.department_id = $9::uuid))
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM s.sale_time) * 1000000)::bigint, s.id) > ($10::bigint, $11::uuid))
ORDER BY s.sale_time, s.id
LIMIT $12;

-- name: analytics_drill_contacts
-- The same parameters; completed contacts by completion time, for their owner's department now.
-- Stand type grouping (4) has no contact rows: every contact's key is "" there.
SELECT c.id::text AS id, (extract(epoch FROM c.complete_time) * 1000000)::bigint AS complete_time_us,
       c.owner_id::text AS owner_id, coalesce(c.client_id::text, '') AS client_id, c.edition,
       c.type, c.result_kind, c.positive, coalesce(c.refusal_reason, '') AS refusal_reason
FROM contacts c
LEFT JOIN employees e ON e.id = c.owner_id
WHERE c.state = 'completed'
  AND c.complete_time >= $1::timestamptz AND c.complete_time < $2::timestamptz
  AND ($4::text IS NULL OR $4::text = CASE $3::int
         WHEN 1 THEN 'employees/' || c.owner_id
         WHEN 2 THEN coalesce('departments/' || e.department_id, '')
         WHEN 3 THEN c.edition
         WHEN 5 THEN coalesce(substring(c.edition FROM '^(projects/[^/]+)/editions/'), '')
         ELSE ''
       END)
  AND ($5::text IS NULL OR c.edition = $5::text)
  AND ($6::uuid IS NULL OR e.department_id = $6::uuid)
  AND ($7::boolean OR c.owner_id = $8::uuid
       OR ($9::uuid IS NOT NULL AND e.department_id = $9::uuid))
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM c.complete_time) * 1000000)::bigint, c.id) > ($10::bigint, $11::uuid))
ORDER BY c.complete_time, c.id
LIMIT $12;
