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
-- target or NULL; the sales' statement also $16 (the record kind), the contacts' statements $16
-- to $18 (drill_contact_filter) and the contacted clients' $19. The clients behind the readiness
-- funnel's and the market analysis's figures follow, with their own parameters.

-- fragment: drill_reached_ratings
-- The ratings `r` recorded in the period, of the target, that the caller reaches (through the
-- manager rated, else who recorded it, `e`), as analytics_rating_distribution reads them.
ratings r
LEFT JOIN employees e
  ON 'employees/' || e.id = lower(CASE WHEN r.target = 'RATING_TARGET_MANAGER'
                                       THEN r.subject ELSE r.recorded_by END)
WHERE r.record_time >= $1::timestamptz AND r.record_time < $2::timestamptz
  AND ($15::text IS NULL OR r.target = $15::text)
  AND ($7::boolean OR e.id = $8::uuid OR ($9::uuid IS NOT NULL AND e.department_id = $9::uuid))

-- fragment: drill_latest_ratings
-- Each client's latest reached rating: its score and time.
SELECT DISTINCT ON (r.client_id) r.client_id, r.score, r.record_time
FROM :drill_reached_ratings
ORDER BY r.client_id, r.record_time DESC, r.id

-- fragment: drill_rated_clients
-- The clients whose latest rating has the score ($14; 0: any score, the report's own clients).
SELECT latest.client_id
FROM (:drill_latest_ratings) latest
WHERE $14::int = 0 OR latest.score = $14::int

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
-- Active sales made in the period, by sale time, each with its current invoice's total and what
-- the standing payments have not covered of it, as analytics_sales_report_sales counts them; $16
-- the kind: 5 only the invoiced ones, 6 only those with something outstanding, else every one.
SELECT id, sale_time_us, manager_id, client_id, edition, stand_type, area_dm2, net, total_amount,
       department_id, invoiced, outstanding
FROM (
  SELECT s.id AS sale_id, s.sale_time, s.id::text AS id,
         (extract(epoch FROM s.sale_time) * 1000000)::bigint AS sale_time_us,
         s.manager_id::text AS manager_id, coalesce(s.client_id::text, '') AS client_id,
         s.edition, coalesce(s.stand_type, '') AS stand_type, s.area_dm2, s.net,
         s.total AS total_amount, coalesce(s.department_id::text, '') AS department_id,
         inv.total IS NOT NULL AS has_invoice, coalesce(inv.total, 0)::bigint AS invoiced,
         greatest(coalesce(inv.total, 0) - coalesce(cov.amount, 0), 0)::bigint AS outstanding
  FROM sales s
  LEFT JOIN LATERAL (
    -- Its current invoice.
    SELECT i.total FROM invoices i
    WHERE i.sale_id = s.id AND i.issued AND NOT i.replaced AND NOT i.annulled
    ORDER BY i.issue_date DESC, i.sequence_number DESC
    LIMIT 1) inv ON true
  LEFT JOIN LATERAL (
    SELECT sum(sh.amount) AS amount FROM payment_shares sh
    WHERE sh.sale_id = s.id AND :standing_share) cov ON true
  WHERE s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
    AND :drill_sale_filter
    AND ($10::bigint IS NULL
         OR ((extract(epoch FROM s.sale_time) * 1000000)::bigint, s.id) > ($10::bigint, $11::uuid))
) listed
WHERE ($16::int <> 5 OR has_invoice) AND ($16::int <> 6 OR outstanding > 0)
ORDER BY sale_time, sale_id
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

-- fragment: drill_contact_filter
-- A contact `c` (its owner `e`) of the row, the report's filters, the caller's reach and the
-- manager report's selectors ($16 type, $17 result kind, $18 the refusal reason as
-- analytics_sales_report_refusals keys it; each NULL for any). Stand type grouping (4) has no
-- contact rows: every contact's key is "" there.
($4::text IS NULL OR $4::text = CASE $3::int
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
  AND ($16::text IS NULL OR c.type = $16::text)
  AND ($17::text IS NULL OR c.result_kind = $17::text)
  AND ($18::text IS NULL OR (c.result_kind = 'refusal'
       AND coalesce(c.refusal_reason, 'REFUSAL_REASON_UNSPECIFIED') = $18::text))

-- name: analytics_drill_contacts
-- Completed contacts by completion time, for their owner's department now.
SELECT c.id::text AS id, (extract(epoch FROM c.complete_time) * 1000000)::bigint AS complete_time_us,
       (extract(epoch FROM c.scheduled_time) * 1000000)::bigint AS scheduled_time_us,
       c.owner_id::text AS owner_id, coalesce(c.client_id::text, '') AS client_id, c.edition,
       c.type, c.result_kind, c.positive, coalesce(c.refusal_reason, '') AS refusal_reason
FROM contacts c
LEFT JOIN employees e ON e.id = c.owner_id
WHERE c.state = 'completed'
  AND c.complete_time >= $1::timestamptz AND c.complete_time < $2::timestamptz
  AND :drill_contact_filter
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM c.complete_time) * 1000000)::bigint, c.id) > ($10::bigint, $11::uuid))
ORDER BY c.complete_time, c.id
LIMIT $12;

-- name: analytics_drill_open_contacts
-- Contacts planned in the period (by scheduled time) and neither completed nor cancelled, as
-- analytics_open_contacts counts them, by scheduled time.
SELECT c.id::text AS id, (extract(epoch FROM c.scheduled_time) * 1000000)::bigint AS scheduled_time_us,
       c.owner_id::text AS owner_id, coalesce(c.client_id::text, '') AS client_id, c.edition,
       c.type
FROM contacts c
LEFT JOIN employees e ON e.id = c.owner_id
WHERE c.state = 'planned'
  AND c.scheduled_time >= $1::timestamptz AND c.scheduled_time < $2::timestamptz
  AND :drill_contact_filter
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM c.scheduled_time) * 1000000)::bigint, c.id) > ($10::bigint, $11::uuid))
ORDER BY c.scheduled_time, c.id
LIMIT $12;

-- name: analytics_drill_contacted_clients
-- The distinct clients of the row's completed contacts (clients_contacted), as
-- analytics_sales_report_contacts counts them, or a lead-source row's ($13) as
-- analytics_lead_source_report does: a merged client's contacts for the client it was merged
-- into. $19: only those who also bought in the period (an active sale of the row, the same client
-- as the lead-source report resolves it): converted_clients. By their first counted contact.
WITH counted AS (
  SELECT CASE WHEN $13::text IS NULL THEN c.client_id
              ELSE coalesce(own.merged_into, c.client_id) END AS client_id,
         c.complete_time
  FROM contacts c
  LEFT JOIN employees e ON e.id = c.owner_id
  LEFT JOIN clients own ON own.id = c.client_id
  WHERE c.state = 'completed' AND c.client_id IS NOT NULL
    AND c.complete_time >= $1::timestamptz AND c.complete_time < $2::timestamptz
    AND :drill_contact_filter
), per_client AS (
  SELECT client_id, count(*) AS contacts,
         (extract(epoch FROM min(complete_time)) * 1000000)::bigint AS first_us
  FROM counted
  GROUP BY client_id
), bought AS (
  SELECT coalesce(own.merged_into, s.client_id) AS client_id, count(*) AS sales,
         sum(s.area_dm2) AS area_dm2, sum(s.net) AS net
  FROM sales s
  LEFT JOIN clients own ON own.id = s.client_id
  WHERE $19::boolean AND s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
    AND :drill_sale_filter
  GROUP BY 1
)
SELECT p.client_id::text AS id, p.first_us, p.contacts, coalesce(b.sales, 0)::bigint AS sales,
       coalesce(b.area_dm2, 0)::bigint AS area_dm2, coalesce(b.net, 0)::bigint AS net,
       :drill_client_columns
FROM per_client p
LEFT JOIN bought b ON b.client_id = p.client_id
LEFT JOIN clients k ON k.id = p.client_id
WHERE (NOT $19::boolean OR b.client_id IS NOT NULL)
  AND ($10::bigint IS NULL OR (p.first_us, p.client_id) > ($10::bigint, $11::uuid))
ORDER BY p.first_us, p.client_id
LIMIT $12;

-- fragment: drill_client_columns
-- What a listed client `k` (a clients row, or none when analytics has not seen it) tells.
coalesce(k.display_name, '') AS display_name, coalesce(k.region_code, '') AS region_code,
       coalesce(k.federal_district_code, '') AS federal_district_code,
       coalesce(k.industry, '') AS industry, coalesce(k.lead_source_kind, '') AS lead_source

-- name: analytics_drill_rated_clients
-- The clients of a rating report bucket ($14 the score; 0 every score: the report's clients), at
-- their latest rating, with their active sales in the period that the caller reaches, as
-- analytics_rating_distribution counts them. By that rating's time.
WITH latest AS (
  SELECT client_id, score, (extract(epoch FROM record_time) * 1000000)::bigint AS rated_us
  FROM (:drill_latest_ratings) l
  WHERE $14::int = 0 OR l.score = $14::int
), bought AS (
  SELECT s.client_id, count(*) AS sales, sum(s.area_dm2) AS area_dm2, sum(s.net) AS net
  FROM sales s
  WHERE s.client_id IN (SELECT client_id FROM latest)
    AND s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
    AND :drill_sale_filter
  GROUP BY s.client_id
)
SELECT l.client_id::text AS id, l.score, l.rated_us, coalesce(b.sales, 0)::bigint AS sales,
       coalesce(b.area_dm2, 0)::bigint AS area_dm2, coalesce(b.net, 0)::bigint AS net,
       :drill_client_columns
FROM latest l
LEFT JOIN bought b ON b.client_id = l.client_id
LEFT JOIN clients k ON k.id = l.client_id
WHERE $10::bigint IS NULL OR (l.rated_us, l.client_id) > ($10::bigint, $11::uuid)
ORDER BY l.rated_us, l.client_id
LIMIT $12;

-- name: analytics_drill_ratings
-- The ratings of a bucket's score ($14) recorded in the period that the caller reaches, by
-- record time.
WITH unread AS (
  -- The rating report has no grouping, key, filters or lead source: these parameters are typed
  -- here only, so the statement takes the same ones as the others.
  SELECT $3::int AS grouping, $4::text AS key, $5::text AS edition, $6::uuid AS department,
         $13::text AS lead_source
)
SELECT r.id::text AS id, (extract(epoch FROM r.record_time) * 1000000)::bigint AS record_us,
       r.client_id::text AS client_id, r.target, r.subject, r.score, r.recorded_by
FROM :drill_reached_ratings
  AND r.score = $14::int
  AND ($10::bigint IS NULL
       OR ((extract(epoch FROM r.record_time) * 1000000)::bigint, r.id) > ($10::bigint, $11::uuid))
ORDER BY r.record_time, r.id
LIMIT $12;

-- name: analytics_drill_funnel_clients
-- The clients of a readiness funnel stage, the funnel's own (readiness_funnel_stages): $1
-- edition, $2 all, $3 owner or NULL, $4 owner department or NULL, $5 level, $6 bought only, ($7,
-- $8) the previous page's last (assessment time in µs, client id) or NULL, $9 the limit. By
-- assessment time: the page is a range of readiness_latest_by_stage from the previous page's
-- last, and only its clients' active sales in the edition are summed, as the funnel sums them.
WITH page AS (
  SELECT f.client_id, f.level, f.record_time
  FROM :readiness_funnel_stages
    AND f.level = $5::text
    AND ($7::bigint IS NULL
         OR (f.record_time, f.client_id)
            > ('epoch'::timestamptz + $7::bigint * interval '1 microsecond', $8::uuid))
    AND (NOT $6::boolean OR EXISTS (
           SELECT 1 FROM sales s
           WHERE s.edition = $1 AND s.client_id = f.client_id AND s.state = 'active'))
  ORDER BY f.record_time, f.client_id
  LIMIT $9
)
SELECT p.client_id::text AS id, p.level,
       (extract(epoch FROM p.record_time) * 1000000)::bigint AS assess_us,
       b.client_id IS NOT NULL AS bought, coalesce(b.area_dm2, 0)::bigint AS area_dm2,
       coalesce(b.net, 0)::bigint AS net, :drill_client_columns
FROM page p
LEFT JOIN LATERAL (
  SELECT s.client_id, sum(s.area_dm2) AS area_dm2, sum(s.net) AS net
  FROM sales s
  WHERE s.edition = $1 AND s.client_id = p.client_id AND s.state = 'active'
  GROUP BY s.client_id) b ON true
LEFT JOIN clients k ON k.id = p.client_id
ORDER BY p.record_time, p.client_id;

-- name: analytics_drill_market_clients
-- The clients behind a market analysis figure, as analytics_market_* count them: $1 project or
-- NULL, $2 figure (ReportClientFigure: 2 base, 3 federal district, 4 region, 5 industry, 6 size,
-- 7 competitor, 8 an edition's exhibitors, 9 retained, 10 churned, 11 new, 12 growth year), $3
-- the key, $4 narrowed (exhibitors, also ours), $5 edition or NULL, $6 lead source or NULL, ($7,
-- $8) the previous page's last (entry into the base in µs, 0 unknown; client id) or NULL, $9 the
-- limit. Each with the area it adds to the figure.
WITH :market_exhibitor_ctes,
in_scope AS (
  SELECT client_id, sum(area_dm2) AS area_dm2 FROM ex GROUP BY client_id
), base AS (
  SELECT c.id AS client_id, coalesce(i.area_dm2, 0) AS area_dm2
  FROM clients c
  LEFT JOIN in_scope i ON i.client_id = c.id
  WHERE c.state = 'active' AND c.merged_into IS NULL
    AND (NOT $4::boolean OR i.client_id IS NOT NULL)
    AND CASE $2::int
          WHEN 3 THEN c.federal_district_code = $3::text
          WHEN 4 THEN c.region_code = $3::text
          WHEN 5 THEN c.industry = $3::text
          WHEN 12 THEN extract(year FROM c.created_time)::int::text = $3::text
          ELSE true
        END
), sizes AS (
  SELECT DISTINCT ON (e.client_id) e.client_id, e.area_dm2
  FROM ex e
  ORDER BY e.client_id, e.opens DESC NULLS LAST, e.edition DESC
), picked AS (
  SELECT client_id, area_dm2 FROM base WHERE $2::int IN (3, 4, 5, 12) OR ($2::int = 2 AND NOT $4)
  UNION ALL
  -- The analysis's exhibitors are every client who exhibited in scope.
  SELECT client_id, area_dm2 FROM in_scope WHERE $2::int = 2 AND $4::boolean
  UNION ALL
  SELECT client_id, area_dm2 FROM sizes
  WHERE $2::int = 6 AND $3::text = CASE WHEN area_dm2 < 900 THEN '<9' WHEN area_dm2 < 1800 THEN '9-18'
                                        WHEN area_dm2 < 3600 THEN '18-36' ELSE '36+' END
  UNION ALL
  SELECT DISTINCT coalesce(c.merged_into, p.client_id), 0::bigint
  FROM participations p
  LEFT JOIN clients c ON c.id = p.client_id
  WHERE $2::int = 7 AND NOT p.deleted AND 'competitorExhibitions/' || p.competitor_exhibition = $3::text
    AND (NOT $4::boolean OR coalesce(c.merged_into, p.client_id) IN (SELECT client_id FROM in_scope))
  UNION ALL
  SELECT e.client_id, e.area_dm2
  FROM ex e
  JOIN firsts f ON f.client_id = e.client_id AND f.project = e.project
  WHERE $2::int IN (8, 9, 11) AND e.edition = $5::text
    AND ($2::int <> 9 OR EXISTS (SELECT 1 FROM ex p WHERE p.edition = e.previous AND p.client_id = e.client_id))
    AND ($2::int <> 11 OR (:market_is_new_exhibitor
         AND ($6::text IS NULL OR $6::text = coalesce(
               (SELECT lead_source_kind FROM clients WHERE id = e.client_id), ''))))
  UNION ALL
  SELECT p.client_id, p.area_dm2
  FROM ex p
  JOIN eds d ON d.previous = p.edition
  WHERE $2::int = 10 AND d.name = $5::text
    AND NOT EXISTS (SELECT 1 FROM ex e WHERE e.edition = d.name AND e.client_id = p.client_id)
), listed AS (
  SELECT p.client_id, p.area_dm2,
         coalesce((extract(epoch FROM c.created_time) * 1000000)::bigint, 0) AS entered_us,
         c.display_name, c.region_code, c.federal_district_code, c.industry, c.lead_source_kind,
         p.client_id IN (SELECT client_id FROM in_scope) AS exhibitor
  FROM picked p
  LEFT JOIN clients c ON c.id = p.client_id
)
SELECT client_id::text AS id, area_dm2::bigint AS area_dm2, entered_us, exhibitor,
       coalesce(display_name, '') AS display_name, coalesce(region_code, '') AS region_code,
       coalesce(federal_district_code, '') AS federal_district_code,
       coalesce(industry, '') AS industry, coalesce(lead_source_kind, '') AS lead_source
FROM listed
WHERE $7::bigint IS NULL OR (entered_us, client_id) > ($7::bigint, $8::uuid)
ORDER BY entered_us, client_id
LIMIT $9;
