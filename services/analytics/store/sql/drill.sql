-- The records behind a figure of the period sales report (ListSalesReportRecords): the same
-- rows as analytics_sales_report_sales and _contacts count, with the row's key computed the same
-- way (1 manager, 2 department, 3 edition, 4 stand type, 5 project team: the edition's project),
-- paged by (time, id). A lead-source report row ($13: the client's lead source, its survivor's
-- when merged, as analytics_lead_source_report reads it) or a rating report bucket ($14 score,
-- $15 target: the clients at that score as analytics_rating_distribution finds them) selects
-- instead of a key. Every statement takes the same parameters: $1 start, $2 end (exclusive),
-- $3 grouping, $4 key or NULL (every row), $5 edition or NULL, $6 department or NULL, $7 all,
-- $8 owner or NULL, $9 owner department or NULL, ($10, $11) the previous page's last (time in
-- µs, id) or NULL, $12 the limit, $13 lead source or NULL, $14 rating score or NULL, $15 rating
-- target or NULL.

-- fragment: drill_rated_clients
-- The clients whose latest rating recorded in the period (of the target, reached by the caller)
-- has the score.
SELECT latest.client_id
FROM (
  SELECT DISTINCT ON (r.client_id) r.client_id, r.score
  FROM ratings r
  LEFT JOIN employees e
    ON 'employees/' || e.id = lower(CASE WHEN r.target = 'RATING_TARGET_MANAGER'
                                         THEN r.subject ELSE r.recorded_by END)
  WHERE r.record_time >= $1::timestamptz AND r.record_time < $2::timestamptz
    AND ($15::text IS NULL OR r.target = $15::text)
    AND ($7::boolean OR e.id = $8::uuid OR ($9::uuid IS NOT NULL AND e.department_id = $9::uuid))
  ORDER BY r.client_id, r.record_time DESC, r.id
) latest
WHERE latest.score = $14::int

-- fragment: drill_sale_filter
-- An active sale `s` of the row, the report's filters and the caller's reach.
s.state = 'active'
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
  AND ($13::text IS NULL OR $13::text = coalesce(
         (SELECT src.lead_source_kind FROM clients own
          JOIN clients src ON src.id = coalesce(own.merged_into, own.id)
          WHERE own.id = s.client_id), ''))
  AND ($14::int IS NULL OR s.client_id IN (:drill_rated_clients))

-- name: analytics_drill_sales
-- Active sales made in the period, by sale time.
SELECT s.id::text AS id, (extract(epoch FROM s.sale_time) * 1000000)::bigint AS sale_time_us,
       s.manager_id::text AS manager_id, coalesce(s.client_id::text, '') AS client_id,
       s.edition, coalesce(s.stand_type, '') AS stand_type, s.area_dm2, s.net,
       s.total AS total_amount, coalesce(s.department_id::text, '') AS department_id
FROM sales s
WHERE s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
  AND :drill_sale_filter
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM s.sale_time) * 1000000)::bigint, s.id) > ($10::bigint, $11::uuid))
ORDER BY s.sale_time, s.id
LIMIT $12;

-- name: analytics_drill_payments
-- The payments behind received_amount: standing shares dated in the period (a date counts as
-- the start of its day in UTC, as in analytics_sales_report_sales) on the row's active sales of
-- any time, summed per payment, by payment date then payment.
WITH bounds AS (
  SELECT (($1::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1 AS first_day,
         (($2::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1 AS end_day
), shares AS (
  SELECT sh.payment_id, sh.payment_date, sh.amount, sh.document_id, sh.sale_id
  FROM payment_shares sh
  CROSS JOIN bounds b
  JOIN sales s ON s.id = sh.sale_id
  WHERE sh.payment_date >= b.first_day AND sh.payment_date < b.end_day
    AND :standing_share
    AND :drill_sale_filter
), payments AS (
  SELECT payment_id, payment_date,
         (extract(epoch FROM payment_date::timestamp) * 1000000)::bigint AS payment_date_us,
         sum(amount)::bigint AS amount,
         string_agg(DISTINCT document_id::text, ',') AS documents,
         string_agg(DISTINCT sale_id::text, ',') AS sales
  FROM shares
  GROUP BY payment_id, payment_date
)
SELECT payment_id::text AS id, payment_date_us, to_char(payment_date, 'YYYY-MM-DD') AS payment_date,
       amount, documents, sales
FROM payments
WHERE $10::bigint IS NULL OR (payment_date_us, payment_id) > ($10::bigint, $11::uuid)
ORDER BY payment_date, payment_id
LIMIT $12;

-- name: analytics_drill_contacts
-- Completed contacts by completion time, for their owner's department now. Stand type grouping
-- (4) has no contact rows: every contact's key is "" there.
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
  AND ($13::text IS NULL OR $13::text = coalesce(
         (SELECT src.lead_source_kind FROM clients own
          JOIN clients src ON src.id = coalesce(own.merged_into, own.id)
          WHERE own.id = c.client_id), ''))
  AND ($14::int IS NULL OR c.client_id IN (:drill_rated_clients))
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM c.complete_time) * 1000000)::bigint, c.id) > ($10::bigint, $11::uuid))
ORDER BY c.complete_time, c.id
LIMIT $12;
