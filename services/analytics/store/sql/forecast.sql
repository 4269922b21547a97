-- The facts the forecast learns from: the projection's (sales, readiness_changes, editions,
-- stand_changes) and the imported history of past editions (history_*), read together. Times
-- come out as microseconds since the epoch.

-- fragment: forecast_time_us
-- Microseconds since the epoch of the timestamptz column `t` of the row source.
(extract(epoch FROM t) * 1000000)::bigint

-- fragment: forecast_scope
-- The editions a load reads ($1 the edition forecast, $2 the time it is forecast as of; both NULL
-- for every edition, as the backtest needs): that edition and every edition that had opened by
-- then (a day of margin for the opening's time zone; the forecast itself drops an edition that
-- opened later), projected or imported.
SELECT name FROM editions
WHERE start_date IS NOT NULL
  AND ($1::text IS NULL OR name = $1
       OR start_date <= ($2::timestamptz AT TIME ZONE 'UTC')::date + 1)
UNION
SELECT name FROM history_editions
WHERE $1::text IS NULL OR name = $1
   OR start_date <= ($2::timestamptz AT TIME ZONE 'UTC')::date + 1

-- name: forecast_editions
-- The editions in scope with an opening date; an edition the projection knows wins over its
-- import.
SELECT DISTINCT ON (name) name, project, display_name, start_date::text AS start_date
FROM (SELECT name, project, display_name, start_date, 0 AS priority
      FROM editions WHERE start_date IS NOT NULL
      UNION ALL
      SELECT name, project, display_name, start_date, 1 AS priority FROM history_editions) e
WHERE name IN (:forecast_scope)
ORDER BY name, priority;

-- name: forecast_assessments
-- The readiness assessments of the editions in scope, projected and imported.
SELECT edition, client, level, :forecast_time_us AS time_us
FROM (SELECT edition, 'clients/' || client_id::text AS client, level, record_time AS t
      FROM readiness_changes
      UNION ALL
      SELECT edition, client, level, record_time AS t FROM history_readiness) a
WHERE edition IN (:forecast_scope);

-- name: forecast_sales
-- The sales of the editions in scope that stand (a cancelled one never counts), projected and
-- imported; a projected sale without a client is its own buyer.
SELECT edition, client, :forecast_time_us AS time_us, area_dm2, net
FROM (SELECT edition, coalesce('clients/' || client_id::text, 'sales/' || id::text) AS client,
             sale_time AS t, area_dm2, net
      FROM sales WHERE state = 'active' AND edition <> ''
      UNION ALL
      SELECT edition, client, sale_time AS t, area_dm2, net FROM history_sales) s
WHERE edition IN (:forecast_scope);

-- name: forecast_stand_changes
-- The stand changes of the editions in scope.
SELECT stand, edition, state, client, area_dm2, :forecast_time_us AS time_us,
       (extract(epoch FROM expire_time) * 1000000)::bigint AS expire_us
FROM (SELECT stand, edition, state, client, area_dm2, change_time AS t, expire_time
      FROM stand_changes) c
WHERE edition IN (:forecast_scope);

-- name: forecast_project_known
-- $1 project: whether any edition of it is known, projected or imported.
SELECT EXISTS (SELECT 1 FROM editions WHERE project = $1)
    OR EXISTS (SELECT 1 FROM history_editions WHERE project = $1) AS known;

-- name: stand_change_insert
-- $1 stand, $2 edition, $3 state, $4 client, $5 area_dm2, $6 the event's time, $7 a hold's
-- expire time or NULL. Each change once.
INSERT INTO stand_changes (stand, edition, state, client, area_dm2, change_time, expire_time)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)
ON CONFLICT (stand, change_time, state) DO NOTHING;

-- name: history_edition_delete
-- $1 name: the edition's imported history, rows and all (an import replaces it).
DELETE FROM history_editions WHERE name = $1;

-- name: history_edition_insert
-- $1 name, $2 project, $3 display_name, $4 start_date.
INSERT INTO history_editions (name, project, display_name, start_date)
VALUES ($1, $2, $3, $4::date);

-- name: history_readiness_insert
-- $1 edition; $2 clients, $3 levels, $4 record times, arrays of one length.
INSERT INTO history_readiness (edition, client, level, record_time)
SELECT $1, r.client, r.level, r.record_time
FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS r(client, level, record_time);

-- name: history_sales_insert
-- $1 edition; $2 clients, $3 sale times, $4 areas, $5 net amounts, arrays of one length.
INSERT INTO history_sales (edition, seq, client, sale_time, area_dm2, net)
SELECT $1, s.seq, s.client, s.sale_time, s.area_dm2, s.net
FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::bigint[])
     WITH ORDINALITY AS s(client, sale_time, area_dm2, net, seq);
