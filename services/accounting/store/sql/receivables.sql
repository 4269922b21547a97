-- Receivables (GetReceivables): one statement over accounting's copy of the invoices and the
-- payments matched to them.

-- name: accounting_receivables
-- $1 as_of (ISO): invoices issued and payments dated on or before it, days past due counted to
-- it; $2 the grouping ('client', 'edition' or 'manager'); $3 client, $4 edition ('' for all),
-- $5 manager id ('' for all); $6..$8 the caller's reach (common::auth::ListScope): everything,
-- their own sales, their department unit's managers'. The invoices in force (state issued) only.
-- An invoice without a known due date (recorded before they were kept) is due on its issue date.
-- Due before opening: what is still owed on the invoices of editions that open after as_of
-- (accounting's copy of registry's editions; an edition without a known start date is not
-- counted), the money to collect before the show; opening_date is the edition's start (EDITION
-- grouping only).
-- One row per group, and the total (is_total) by the empty grouping set.
WITH paid AS (
  SELECT a.invoice_id, sum(a.amount_kopecks) AS kopecks
  FROM payment_allocations a
  JOIN payments p ON p.id = a.payment_id
  WHERE a.undo_time IS NULL AND p.payment_date <= $1::date
  GROUP BY a.invoice_id
), owed AS (
  SELECT CASE $2 WHEN 'client' THEN i.client
                 WHEN 'edition' THEN COALESCE(i.edition, '')
                 ELSE COALESCE(i.manager_id::text, '') END AS group_key,
         CASE $2 WHEN 'client' THEN COALESCE(i.client_name, '')
                 WHEN 'edition' THEN COALESCE(i.edition_name, '')
                 ELSE '' END AS display_name,
         CASE $2 WHEN 'client' THEN i.client_inn ELSE '' END AS client_inn,
         i.total_kopecks,
         LEAST(COALESCE(p.kopecks, 0), i.total_kopecks) AS paid_kopecks,
         $1::date - COALESCE(i.payment_due_date, i.issue_date) AS days_past_due,
         e.start_date > $1::date AS before_opening,
         CASE $2 WHEN 'edition' THEN e.start_date END AS opening_date
  FROM invoices i
  LEFT JOIN paid p ON p.invoice_id = i.document_id
  LEFT JOIN editions e ON e.name = i.edition
  WHERE i.state = 'issued' AND i.issue_date <= $1::date
    AND ($3 = '' OR i.client = $3)
    AND ($4 = '' OR i.edition = $4)
    AND ($5 = '' OR i.manager_id = NULLIF($5, '')::uuid)
    AND ($6::boolean OR i.manager_id = $7::uuid
         OR ($8::uuid IS NOT NULL
             AND i.manager_id IN (SELECT e.id FROM employees e WHERE e.department_id = $8::uuid)))
)
SELECT GROUPING(group_key) = 1 AS is_total,
       COALESCE(group_key, '') AS group_key,
       COALESCE(max(display_name), '') AS display_name,
       COALESCE(max(client_inn), '') AS client_inn,
       count(*) AS invoice_count,
       COALESCE(sum(total_kopecks), 0)::bigint AS invoiced,
       COALESCE(sum(paid_kopecks), 0)::bigint AS paid,
       COALESCE(sum(total_kopecks - paid_kopecks), 0)::bigint AS outstanding,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE days_past_due <= 0), 0)::bigint
         AS not_due,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE days_past_due BETWEEN 1 AND 30),
                0)::bigint AS overdue_1_to_30,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE days_past_due BETWEEN 31 AND 60),
                0)::bigint AS overdue_31_to_60,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE days_past_due BETWEEN 61 AND 90),
                0)::bigint AS overdue_61_to_90,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE days_past_due > 90), 0)::bigint
         AS overdue_over_90,
       COALESCE(sum(total_kopecks - paid_kopecks) FILTER (WHERE before_opening), 0)::bigint
         AS due_before_opening,
       COALESCE(max(opening_date)::text, '') AS opening_date
FROM owed
GROUP BY GROUPING SETS ((group_key), ())
ORDER BY is_total, outstanding DESC, group_key;
