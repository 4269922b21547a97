-- Sales plans (migrations/0006_sales_plans.sql): an edition's plan cells, its version, and plan
-- against fact per level, target and month.

-- name: plans_edition
-- $1 edition: its display name and dates ('' when unknown); no row for an edition not seen.
SELECT display_name, COALESCE(start_date::text, '') AS start_date,
       COALESCE(end_date::text, '') AS end_date
FROM editions WHERE name = $1;

-- name: plans_edition_lock
-- The same, locking the edition's row so two saves of its plan take turns (the etag check and
-- the write see one version, also for the first save).
SELECT display_name, COALESCE(start_date::text, '') AS start_date,
       COALESCE(end_date::text, '') AS end_date
FROM editions WHERE name = $1 FOR UPDATE;

-- name: plans_version
-- $1 edition: the plan's version, who changed it and when; no row while none was saved.
SELECT version, updated_by, (extract(epoch FROM update_time) * 1000000)::bigint AS update_time_us
FROM sales_plans WHERE edition = $1;

-- name: plans_save
-- $1 edition, $2 who saves: the next version of the plan (1 for the first).
INSERT INTO sales_plans (edition, version, updated_by)
VALUES ($1, 1, $2)
ON CONFLICT (edition) DO UPDATE
SET version = sales_plans.version + 1, updated_by = EXCLUDED.updated_by, update_time = now()
RETURNING version, updated_by, (extract(epoch FROM update_time) * 1000000)::bigint AS update_time_us;

-- name: plans_cells_clear
-- $1 edition, $2 levels, $3 targets (element i of each one target): those targets lose their cells.
DELETE FROM sales_plan_cells p
USING unnest($2::text[], $3::text[]) AS g (level, target)
WHERE p.edition = $1 AND p.level = g.level AND p.target = g.target;

-- name: plans_cells_insert
-- $1 edition, $2 who; then one array per column, element i being cell i.
INSERT INTO sales_plan_cells (edition, level, target, month, area_dm2, net_kopecks, updated_by)
SELECT $1, c.level, c.target, c.month, c.area_dm2, c.net_kopecks, $2
FROM unnest($3::text[], $4::text[], $5::date[], $6::bigint[], $7::bigint[])
     AS c (level, target, month, area_dm2, net_kopecks);

-- name: plans_cells
-- $1 edition: its cells, the edition's first, then departments', then managers', each by target
-- and month.
SELECT level, target, to_char(month, 'YYYY-MM') AS month, area_dm2, net_kopecks, updated_by,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_time_us
FROM sales_plan_cells WHERE edition = $1
ORDER BY CASE level WHEN 'edition' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, target, month;

-- name: plans_department_known
-- $1 department unit id: known when an employee is in it or a sale counts for it.
SELECT EXISTS (SELECT 1 FROM employees WHERE department_id = $1::uuid)
    OR EXISTS (SELECT 1 FROM sales WHERE department_id = $1::uuid) AS known;

-- name: plans_vs_fact
-- $1 edition, $2 the company's time zone (CRM_TIME_ZONE): per level, target and month (in that
-- zone), the plan and the fact of the edition's active sales — the edition's all, a department's
-- those recorded while their manager was in it (sales.department_id), a manager's their own. Every
-- month with a plan cell or a fact; a manager's name and department unit now, a department's
-- name.
WITH s AS (
  SELECT department_id, manager_id, area_dm2, net,
         to_char(sale_time AT TIME ZONE $2, 'YYYY-MM') AS month
  FROM sales WHERE edition = $1 AND state = 'active'
), fact AS (
  SELECT 'edition' AS level, '' AS target, month, sum(area_dm2) AS area, sum(net) AS net
  FROM s GROUP BY month
  UNION ALL
  SELECT 'department', department_id::text, month, sum(area_dm2), sum(net)
  FROM s WHERE department_id IS NOT NULL GROUP BY department_id, month
  UNION ALL
  SELECT 'manager', manager_id::text, month, sum(area_dm2), sum(net)
  FROM s GROUP BY manager_id, month
), plan AS (
  SELECT level, target, to_char(month, 'YYYY-MM') AS month, area_dm2 AS area, net_kopecks AS net
  FROM sales_plan_cells WHERE edition = $1
)
SELECT level, target, month,
       COALESCE(plan.area, 0)::bigint AS plan_area_dm2,
       COALESCE(fact.area, 0)::bigint AS fact_area_dm2,
       COALESCE(plan.net, 0)::bigint AS plan_net,
       COALESCE(fact.net, 0)::bigint AS fact_net,
       COALESCE(e.full_name, d.display_name, '') AS display_name,
       COALESCE(e.department_id::text, '') AS department_now
FROM plan FULL JOIN fact USING (level, target, month)
LEFT JOIN employees e ON level = 'manager' AND e.id::text = target
LEFT JOIN departments d ON level = 'department' AND d.id::text = target
ORDER BY CASE level WHEN 'edition' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, target, month;
