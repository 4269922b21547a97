-- The client base and participations (registry's events), and the market analysis over them and
-- the exhibits view (migration 0009). $1 of every analysis query is the project ("projects/…")
-- or NULL for every edition.

-- name: analytics_upsert_client
-- $1 id, $2 display_name, $3 region_code, $4 federal_district_code, $5 industry,
-- $6 lead_source_kind, $7 version, $8 created_time or NULL (only crm.registry.client.created
-- tells), $9 state or NULL (kept). A snapshot older than the row's version changes nothing but
-- the creation time.
INSERT INTO clients (id, display_name, region_code, federal_district_code, industry,
                     lead_source_kind, version, created_time, state)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, coalesce($9, 'active'))
ON CONFLICT (id) DO UPDATE
SET display_name = CASE WHEN EXCLUDED.version >= clients.version THEN EXCLUDED.display_name
                        ELSE clients.display_name END,
    region_code = CASE WHEN EXCLUDED.version >= clients.version THEN EXCLUDED.region_code
                       ELSE clients.region_code END,
    federal_district_code = CASE WHEN EXCLUDED.version >= clients.version
                                 THEN EXCLUDED.federal_district_code
                                 ELSE clients.federal_district_code END,
    industry = CASE WHEN EXCLUDED.version >= clients.version THEN EXCLUDED.industry
                    ELSE clients.industry END,
    lead_source_kind = CASE WHEN EXCLUDED.version >= clients.version
                            THEN EXCLUDED.lead_source_kind ELSE clients.lead_source_kind END,
    state = CASE WHEN EXCLUDED.version >= clients.version THEN coalesce($9, clients.state)
                 ELSE clients.state END,
    version = greatest(clients.version, EXCLUDED.version),
    created_time = coalesce(clients.created_time, EXCLUDED.created_time);

-- name: analytics_delete_client
-- $1 id: out of the base (a later undelete brings its snapshot back).
INSERT INTO clients (id, state) VALUES ($1, 'deleted')
ON CONFLICT (id) DO UPDATE SET state = 'deleted';

-- name: analytics_merge_clients
-- $1 survivor, $2 uuid[] merged into it.
INSERT INTO clients (id, state, merged_into)
SELECT merged, 'deleted', $1::uuid FROM unnest($2::uuid[]) AS merged
ON CONFLICT (id) DO UPDATE SET merged_into = $1::uuid, state = 'deleted';

-- name: analytics_undo_merge
-- $1 survivor, $2 uuid[] restored: live again, with their own sales and participations.
UPDATE clients SET merged_into = NULL, state = 'active'
WHERE id = ANY($2::uuid[]) AND merged_into = $1::uuid;

-- name: analytics_upsert_participation
-- $1 id, $2 client_id, $3 edition, $4 competitor exhibition id, $5 year, $6 area_dm2, $7 deleted.
INSERT INTO participations (id, client_id, edition, competitor_exhibition, year, area_dm2, deleted)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE
SET client_id = EXCLUDED.client_id, edition = EXCLUDED.edition,
    competitor_exhibition = EXCLUDED.competitor_exhibition, year = EXCLUDED.year,
    area_dm2 = EXCLUDED.area_dm2, deleted = participations.deleted OR EXCLUDED.deleted;

-- name: analytics_upsert_competitor_exhibition
INSERT INTO competitor_exhibitions (id, display_name) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name;

-- name: analytics_market_totals
-- Active clients, and those who exhibited at an edition in scope.
WITH ex AS (
  SELECT DISTINCT e.client_id
  FROM exhibits e JOIN editions d ON d.name = e.edition
  WHERE $1::text IS NULL OR d.project = $1::text
)
SELECT (SELECT count(*) FROM clients WHERE state = 'active' AND merged_into IS NULL) AS clients,
       (SELECT count(*) FROM ex) AS exhibitors;

-- name: analytics_market_segments
-- $2 dimension: 1 federal district, 2 region, 3 industry. Active clients by the dimension, with
-- those who exhibited in scope and their area.
WITH ex AS (
  SELECT e.client_id, sum(e.area_dm2) AS area_dm2
  FROM exhibits e JOIN editions d ON d.name = e.edition
  WHERE $1::text IS NULL OR d.project = $1::text
  GROUP BY e.client_id
)
SELECT CASE $2::int WHEN 1 THEN c.federal_district_code WHEN 2 THEN c.region_code
                    ELSE c.industry END AS key,
       count(*) AS clients, count(ex.client_id) AS exhibitors,
       coalesce(sum(ex.area_dm2), 0)::bigint AS area_dm2
FROM clients c
LEFT JOIN ex ON ex.client_id = c.id
WHERE c.state = 'active' AND c.merged_into IS NULL
GROUP BY 1;

-- name: analytics_market_sizes
-- Exhibitors by their stand area at their latest edition in scope: under 9 m², 9 to 18, 18 to
-- 36, 36 and more.
WITH latest AS (
  SELECT DISTINCT ON (e.client_id) e.client_id, e.area_dm2
  FROM exhibits e JOIN editions d ON d.name = e.edition
  WHERE $1::text IS NULL OR d.project = $1::text
  ORDER BY e.client_id, d.start_date DESC NULLS LAST, d.name DESC
)
SELECT CASE WHEN area_dm2 < 900 THEN '<9' WHEN area_dm2 < 1800 THEN '9-18'
            WHEN area_dm2 < 3600 THEN '18-36' ELSE '36+' END AS key,
       count(*) AS clients, count(*) AS exhibitors, sum(area_dm2)::bigint AS area_dm2
FROM latest
GROUP BY 1;

-- name: analytics_market_competitors
-- Each competitor's exhibition: the clients who took part, and of them those who exhibited with
-- us in scope.
WITH ex AS (
  SELECT DISTINCT e.client_id
  FROM exhibits e JOIN editions d ON d.name = e.edition
  WHERE $1::text IS NULL OR d.project = $1::text
), taking_part AS (
  SELECT DISTINCT p.competitor_exhibition, coalesce(c.merged_into, p.client_id) AS client_id
  FROM participations p
  LEFT JOIN clients c ON c.id = p.client_id
  WHERE NOT p.deleted AND p.competitor_exhibition <> ''
)
SELECT t.competitor_exhibition AS id, coalesce(ce.display_name, '') AS display_name,
       count(*) AS clients, count(ex.client_id) AS also_ours
FROM taking_part t
LEFT JOIN ex ON ex.client_id = t.client_id
LEFT JOIN competitor_exhibitions ce ON ce.id::text = t.competitor_exhibition
GROUP BY 1, 2;

-- fragment: market_exhibitor_ctes
-- For the editions in scope ($1 a project, or NULL for all): `eds`, each edition beside the
-- previous edition of its project; `ex`, their exhibitors, read from the view once; `firsts`, the
-- opening of each exhibitor's first dated edition of the project. An exhibitor is new at an
-- edition when no dated edition of the project before it had them.
eds AS (
  SELECT name, display_name, project, start_date::text AS start_date, start_date AS opens,
         lag(name) OVER (PARTITION BY project ORDER BY start_date NULLS LAST, name) AS previous
  FROM editions
  WHERE $1::text IS NULL OR project = $1::text
),
ex AS MATERIALIZED (
  SELECT e.client_id, e.edition, e.area_dm2, d.project, d.opens, d.previous
  FROM exhibits e
  JOIN eds d ON d.name = e.edition
),
firsts AS (
  SELECT client_id, project, min(opens) AS first_opens FROM ex GROUP BY client_id, project
)

-- fragment: market_is_new_exhibitor
-- Whether the `ex` row e, with its `firsts` row f, is the exhibitor's first in the project.
(e.opens IS NULL OR f.first_opens IS NULL OR f.first_opens >= e.opens)

-- name: analytics_market_retention
-- The editions in scope, oldest first, each beside the previous edition of its project:
-- exhibitors, area, retained, churned and first-timers, in one pass over the exhibitors.
WITH :market_exhibitor_ctes,
per_edition AS (
  SELECT e.edition, count(*) AS exhibitors, sum(e.area_dm2) AS area_dm2,
         count(p.client_id) AS retained,
         count(*) FILTER (WHERE :market_is_new_exhibitor) AS new_exhibitors
  FROM ex e
  JOIN firsts f ON f.client_id = e.client_id AND f.project = e.project
  LEFT JOIN ex p ON p.edition = e.previous AND p.client_id = e.client_id
  GROUP BY e.edition
)
SELECT d.name, d.display_name, coalesce(d.start_date, '') AS start_date,
       coalesce(c.exhibitors, 0) AS exhibitors,
       coalesce(c.area_dm2, 0)::bigint AS area_dm2,
       coalesce(c.retained, 0) AS retained,
       coalesce(p.exhibitors, 0) - coalesce(c.retained, 0) AS churned,
       coalesce(p.exhibitors, 0) AS previous_exhibitors,
       coalesce(c.new_exhibitors, 0) AS new_exhibitors
FROM eds d
LEFT JOIN per_edition c ON c.edition = d.name
LEFT JOIN per_edition p ON p.edition = d.previous
ORDER BY d.opens NULLS LAST, d.name;

-- name: analytics_market_new_by_lead_source
-- First-time exhibitors of each edition in scope by lead source.
WITH :market_exhibitor_ctes
SELECT e.edition, coalesce(c.lead_source_kind, '') AS key, count(*) AS n
FROM ex e
JOIN firsts f ON f.client_id = e.client_id AND f.project = e.project
LEFT JOIN clients c ON c.id = e.client_id
WHERE :market_is_new_exhibitor
GROUP BY 1, 2;

-- name: analytics_market_growth
-- Clients in the base now, by the year they entered it.
SELECT extract(year FROM created_time)::int AS year, count(*) AS added
FROM clients
WHERE created_time IS NOT NULL AND state = 'active' AND merged_into IS NULL
GROUP BY 1
ORDER BY 1;
