-- Clients' ratings (crm.planning.rating.recorded, migration 0011) and their distribution
-- (GetRatingReport). A rating counts for the manager it is about (target MANAGER), else for who
-- recorded it: that employee decides whether the caller reaches it, as in sales_report.sql.

-- name: analytics_insert_rating
-- $1 id, $2 client_id, $3 target, $4 subject, $5 score, $6 recorded_by, $7 record_time.
INSERT INTO ratings (id, client_id, target, subject, score, recorded_by, record_time)
VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz)
ON CONFLICT (id) DO NOTHING;

-- name: analytics_rating_distribution
-- $1 start, $2 end (exclusive), $3 target or NULL (every target), $4 all, $5 owner or NULL,
-- $6 owner department or NULL. Each client at their latest rating recorded in the period (of
-- those reached), per score: the clients, every reached rating of that score, and those
-- clients' active sales in the period (the sales the caller reaches).
WITH reached AS (
  SELECT r.id, r.client_id, r.score, r.record_time
  FROM ratings r
  LEFT JOIN employees e
    ON 'employees/' || e.id = lower(CASE WHEN r.target = 'RATING_TARGET_MANAGER'
                                         THEN r.subject ELSE r.recorded_by END)
  WHERE r.record_time >= $1::timestamptz AND r.record_time < $2::timestamptz
    AND ($3::text IS NULL OR r.target = $3::text)
    AND ($4::boolean OR e.id = $5::uuid OR ($6::uuid IS NOT NULL AND e.department_id = $6::uuid))
), latest AS (
  SELECT DISTINCT ON (client_id) client_id, score
  FROM reached
  ORDER BY client_id, record_time DESC, id
), bought AS (
  SELECT s.client_id, count(*) AS sales, sum(s.area_dm2) AS area_dm2, sum(s.net) AS net
  FROM sales s
  WHERE s.state = 'active' AND s.client_id IN (SELECT client_id FROM latest)
    AND s.sale_time >= $1::timestamptz AND s.sale_time < $2::timestamptz
    AND ($4::boolean OR s.manager_id = $5::uuid
         OR ($6::uuid IS NOT NULL AND s.department_id = $6::uuid))
  GROUP BY s.client_id
), per_score AS (
  SELECT l.score, count(*) AS clients, sum(b.sales) AS sales, sum(b.area_dm2) AS area_dm2,
         sum(b.net) AS net
  FROM latest l
  LEFT JOIN bought b USING (client_id)
  GROUP BY l.score
)
SELECT g.score, coalesce(p.clients, 0)::bigint AS clients,
       (SELECT count(*) FROM reached x WHERE x.score = g.score) AS ratings,
       coalesce(p.sales, 0)::bigint AS sales, coalesce(p.area_dm2, 0)::bigint AS area_dm2,
       coalesce(p.net, 0)::bigint AS net
FROM generate_series(1, 5) AS g(score)
LEFT JOIN per_score p ON p.score = g.score;
