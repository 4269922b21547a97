-- Lead-source effectiveness (GetLeadSourceReport): the work and the sales of a period by how the
-- client came to the company (registry's client, migration 0009; a merged client's work counts
-- for the survivor's lead source), over what the caller reaches as in sales_report.sql.

-- name: analytics_lead_source_report
-- $1 previous start, $2 current start, $3 end (exclusive), $4 edition or NULL, $5 department or
-- NULL, $6 all, $7 owner or NULL, $8 owner department or NULL. Completed contacts (for their
-- owner's department now) and active sales (for the department they were recorded in), first per
-- client and period, then per lead source ("" unknown) and period, with a total row per period.
-- A client converted when contacted and sold to in the same period.
WITH facts AS (
  SELECT c.complete_time >= $2::timestamptz AS current, c.client_id, 1 AS contacts,
         c.positive::int AS positive, 0 AS sales, 0::bigint AS area_dm2, 0::bigint AS net,
         0::bigint AS total
  FROM :reached_completed_contacts
  UNION ALL
  SELECT s.sale_time >= $2::timestamptz, s.client_id, 0, 0, 1, s.area_dm2, s.net, s.total
  FROM sales s
  WHERE s.state = 'active'
    AND s.sale_time >= $1::timestamptz AND s.sale_time < $3::timestamptz
    AND ($4::text IS NULL OR s.edition = $4::text)
    AND ($5::uuid IS NULL OR s.department_id = $5::uuid)
    AND ($6::boolean OR s.manager_id = $7::uuid
         OR ($8::uuid IS NOT NULL AND s.department_id = $8::uuid))
), per_client AS (
  SELECT f.current, coalesce(own.merged_into, f.client_id) AS client_id,
         coalesce(src.lead_source_kind, '') AS source, sum(f.contacts) AS contacts,
         sum(f.positive) AS positive, sum(f.sales) AS sales, sum(f.area_dm2) AS area_dm2,
         sum(f.net) AS net, sum(f.total) AS total
  FROM facts f
  LEFT JOIN clients own ON own.id = f.client_id
  LEFT JOIN clients src ON src.id = coalesce(own.merged_into, f.client_id)
  GROUP BY 1, 2, 3
)
SELECT current, GROUPING(source) = 1 AS total_row, coalesce(source, '') AS key,
       count(*) FILTER (WHERE contacts > 0 AND client_id IS NOT NULL) AS clients_contacted,
       coalesce(sum(contacts), 0)::bigint AS contacts, coalesce(sum(positive), 0)::bigint AS positive,
       coalesce(sum(sales), 0)::bigint AS sales, coalesce(sum(area_dm2), 0)::bigint AS area_dm2,
       coalesce(sum(net), 0)::bigint AS net, coalesce(sum(total), 0)::bigint AS total_amount,
       count(*) FILTER (WHERE contacts > 0 AND sales > 0 AND client_id IS NOT NULL) AS converted
FROM per_client
GROUP BY GROUPING SETS ((current, source), (current));
