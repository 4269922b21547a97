-- Project budgets (migrations/0008_editions_budgets.sql, 0009_closing_documents.sql): an edition's
-- plan lines, the costs entered, the closing documents issued, and plan against fact per month.

-- name: budget_get
-- $1 edition: the saved plan's version, who saved it and when; no row while none was saved.
SELECT version, updated_by, (extract(epoch FROM update_time) * 1000000)::bigint AS update_time_us
FROM budgets WHERE edition = $1;

-- name: budget_save
-- $1 edition, $2 who saves: the next version of the plan (1 for the first).
INSERT INTO budgets (edition, version, updated_by)
VALUES ($1, 1, $2)
ON CONFLICT (edition) DO UPDATE
SET version = budgets.version + 1, updated_by = EXCLUDED.updated_by, update_time = now()
RETURNING version, updated_by, (extract(epoch FROM update_time) * 1000000)::bigint AS update_time_us;

-- name: budget_lines_delete
DELETE FROM budget_plan_lines WHERE edition = $1;

-- name: budget_lines_insert
-- $1 edition, then one array per column, element i being line i (its position).
INSERT INTO budget_plan_lines (edition, position, kind, month, stand_type, area_dm2,
                               price_kopecks, amount_kopecks, article, description)
SELECT $1, l.ord - 1, l.kind, l.month, l.stand_type, l.area_dm2, l.price, l.amount, l.article,
       l.description
FROM unnest($2::text[], $3::date[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
            $8::text[], $9::text[])
     WITH ORDINALITY AS l (kind, month, stand_type, area_dm2, price, amount, article, description,
                           ord);

-- name: budget_lines
-- $1 edition: its plan lines in their order.
SELECT kind, to_char(month, 'YYYY-MM') AS month, stand_type, area_dm2, price_kopecks,
       amount_kopecks, article, description
FROM budget_plan_lines WHERE edition = $1 ORDER BY position;

-- fragment: budget_cost_columns
-- The columns of a cost, read by name by the one cost decoder.
id::text AS id, COALESCE(edition, '') AS edition, to_char(month, 'YYYY-MM') AS month, article,
       amount_kopecks, description, entered_by,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_time_us, source, version,
       (extract(epoch FROM delete_time) * 1000000)::bigint AS delete_time_us,
       COALESCE(deleted_by, '') AS deleted_by, COALESCE(one_c_ref::text, '') AS one_c_ref,
       COALESCE(one_c_line, 0) AS one_c_line, one_c_document, one_c_division, one_c_item

-- name: budget_cost_insert
-- $1 id, $2 edition, $3 month (first day), $4 article, $5 amount, $6 description, $7 who.
INSERT INTO budget_costs (id, edition, month, article, amount_kopecks, description, entered_by)
VALUES ($1::uuid, $2, $3::date, $4, $5, $6, $7)
RETURNING (extract(epoch FROM create_time) * 1000000)::bigint AS create_time_us;

-- name: budget_cost_get
-- $1 id: the cost, deleted or not.
SELECT :budget_cost_columns FROM budget_costs WHERE id = $1::uuid;

-- name: budget_cost_lock
-- $1 id: the same, locked, as DeleteBudgetCost checks and writes it.
SELECT :budget_cost_columns FROM budget_costs WHERE id = $1::uuid FOR UPDATE;

-- name: budget_cost_list
-- $1 edition or NULL (every edition and none: with $9 only), $2 month (first day) or NULL, $3 article or NULL, $4 source or NULL, $5 true to
-- include the deleted, $6 last create_time (microseconds) or NULL for the first page, $7 last id,
-- $8 page size + 1, $9 true for the unassigned only (from 1C, edition or article not mapped).
-- Oldest first.
SELECT :budget_cost_columns
FROM budget_costs
WHERE ($1::text IS NULL OR edition = $1::text)
  AND (NOT $9::boolean OR (source = 'one_c' AND (edition IS NULL OR article = '')))
  AND ($2::date IS NULL OR month = $2::date)
  AND ($3::text IS NULL OR article = $3::text)
  AND ($4::text IS NULL OR source = $4::text)
  AND ($5::boolean OR delete_time IS NULL)
  AND ($6::bigint IS NULL OR (create_time, id) >
       ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::uuid))
ORDER BY create_time, id
LIMIT $8;

-- name: budget_cost_delete
-- $1 id, $2 who: the soft delete; the version moves on.
UPDATE budget_costs SET delete_time = now(), deleted_by = $2, version = version + 1
WHERE id = $1::uuid AND delete_time IS NULL;

-- name: budget_cost_upsert_1c
-- $1 a new id, $2 edition ('' when not mapped), $3 month (first day), $4 article ('' when not
-- mapped), $5 net amount, $6 description, $7 who receives, $8 the 1C document's Ссылка, $9 the
-- line, $10 the document as the accountants find it, $11 Подразделение, $12 СтатьяЗатрат. A line
-- sent before is updated in place (and undeleted); sent again unchanged, nothing changes.
INSERT INTO budget_costs (id, edition, month, article, amount_kopecks, description, entered_by,
                          source, one_c_ref, one_c_line, one_c_document, one_c_division,
                          one_c_item)
VALUES ($1::uuid, NULLIF($2, ''), $3::date, $4, $5, $6, $7, 'one_c', $8::uuid, $9, $10, $11, $12)
ON CONFLICT (one_c_ref, one_c_line) DO UPDATE
SET edition = EXCLUDED.edition, month = EXCLUDED.month, article = EXCLUDED.article,
    amount_kopecks = EXCLUDED.amount_kopecks, description = EXCLUDED.description,
    one_c_document = EXCLUDED.one_c_document, one_c_division = EXCLUDED.one_c_division,
    one_c_item = EXCLUDED.one_c_item, delete_time = NULL, deleted_by = NULL,
    version = budget_costs.version + 1
WHERE budget_costs.delete_time IS NOT NULL
   OR (budget_costs.edition, budget_costs.month, budget_costs.article,
       budget_costs.amount_kopecks, budget_costs.description, budget_costs.one_c_document,
       budget_costs.one_c_division, budget_costs.one_c_item)
      IS DISTINCT FROM
      (EXCLUDED.edition, EXCLUDED.month, EXCLUDED.article, EXCLUDED.amount_kopecks,
       EXCLUDED.description, EXCLUDED.one_c_document, EXCLUDED.one_c_division,
       EXCLUDED.one_c_item);

-- name: budget_cost_delete_1c
-- $1 the 1C document's Ссылка, $2 the lines it still has (0: deleted in 1C), $3 who receives:
-- its costs of the lines past $2 are soft-deleted.
UPDATE budget_costs SET delete_time = now(), deleted_by = $3, version = version + 1
WHERE one_c_ref = $1::uuid AND one_c_line > $2 AND delete_time IS NULL;

-- name: edition_by_display_name
-- $1 a display name: the editions that have it, exactly (two or more: ambiguous).
SELECT name FROM editions WHERE display_name = $1 ORDER BY name LIMIT 2;

-- name: closing_document_insert
-- $1 document id, $2 kind, $3 number, $4 edition ('' for unknown), $5 issue date, $6 m² in
-- thousandths, $7 space net, $8 net, $9 the document it supersedes ('' for none), $10 event id.
-- A document recorded before changes nothing (no row returned).
INSERT INTO closing_documents (document_id, kind, number, edition, issue_date, area_milli,
                               space_kopecks, net_kopecks, state, supersedes, source_event_id)
VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5::date, $6, $7, $8, 'issued', NULLIF($9, '')::uuid,
        $10)
ON CONFLICT (document_id) DO NOTHING
RETURNING document_id::text AS document_id;

-- name: closing_document_set_state
-- $1 document id, $2 'replaced' or 'annulled': only an issued document moves.
UPDATE closing_documents SET state = $2 WHERE document_id = $1::uuid AND state = 'issued'
RETURNING document_id::text AS document_id;

-- name: budget_month_sums
-- $1 edition: per month ("YYYY-MM", oldest first), the plan (area, space income, other income,
-- costs), the closing documents in force (m² and their space and other net amounts, by issue
-- date), the costs entered, and the payments received on the edition's invoices not annulled
-- (allocations in force, by payment date). Every month with a plan line or a fact.
WITH plan AS (
  SELECT month,
         sum(area_dm2) FILTER (WHERE kind = 'area') AS plan_area_dm2,
         sum(amount_kopecks) FILTER (WHERE kind = 'area') AS plan_space,
         sum(amount_kopecks) FILTER (WHERE kind = 'other_income') AS plan_other,
         sum(amount_kopecks) FILTER (WHERE kind = 'cost') AS plan_costs
  FROM budget_plan_lines WHERE edition = $1 GROUP BY month
), acts AS (
  SELECT date_trunc('month', issue_date)::date AS month, sum(area_milli) AS fact_area_milli,
         sum(space_kopecks) AS fact_space, sum(net_kopecks - space_kopecks) AS fact_other
  FROM closing_documents WHERE edition = $1 AND state = 'issued' GROUP BY 1
), costs AS (
  SELECT month, sum(amount_kopecks) AS fact_costs
  FROM budget_costs WHERE edition = $1 AND article <> '' AND delete_time IS NULL GROUP BY month
), received AS (
  SELECT date_trunc('month', p.payment_date)::date AS month, sum(a.amount_kopecks) AS received
  FROM invoices i
  JOIN payment_allocations a ON a.invoice_id = i.document_id AND a.undo_time IS NULL
  JOIN payments p ON p.id = a.payment_id
  WHERE i.edition = $1 AND i.state <> 'annulled'
  GROUP BY 1
), months AS (
  SELECT month FROM plan UNION SELECT month FROM acts UNION SELECT month FROM costs
  UNION SELECT month FROM received
)
SELECT to_char(m.month, 'YYYY-MM') AS month,
       COALESCE(plan.plan_area_dm2, 0)::bigint AS plan_area_dm2,
       COALESCE(acts.fact_area_milli, 0)::bigint AS fact_area_milli,
       COALESCE(plan.plan_space, 0)::bigint AS plan_space,
       COALESCE(acts.fact_space, 0)::bigint AS fact_space,
       COALESCE(plan.plan_other, 0)::bigint AS plan_other,
       COALESCE(acts.fact_other, 0)::bigint AS fact_other,
       COALESCE(plan.plan_costs, 0)::bigint AS plan_costs,
       COALESCE(costs.fact_costs, 0)::bigint AS fact_costs,
       COALESCE(received.received, 0)::bigint AS received
FROM months m
LEFT JOIN plan ON plan.month = m.month
LEFT JOIN acts ON acts.month = m.month
LEFT JOIN costs ON costs.month = m.month
LEFT JOIN received ON received.month = m.month
ORDER BY m.month;
