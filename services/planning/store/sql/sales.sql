-- Sales: recorded by CompleteContact, amended and cancelled by SaleService. Every statement
-- returning sales returns the same columns (store::SaleFromRow): amounts in minor units of
-- currency_code, times as microseconds since the epoch, the JSON columns as text.

-- fragment: sale_columns
-- The columns of a sale (store::SaleFromRow).
id::text AS id, contact_id::text AS contact_id, client_id::text AS client_id,
       project_id::text AS project_id, edition_id::text AS edition_id,
       manager_id::text AS manager_id, area_dm2, stand_number, currency_code, price_per_m2,
       net_amount, vat_rate_bp, vat_amount, total_amount,
       (extract(epoch from sale_time) * 1000000)::bigint AS sale_time_us, stand_type,
       list_price_per_m2, price_override_reason, service_lines::text AS service_lines,
       discount::text AS discount, space_amount, services_amount, discount_amount, state,
       cancel_reason, (extract(epoch from cancel_time) * 1000000)::bigint AS cancel_time_us,
       version, (extract(epoch from update_time) * 1000000)::bigint AS update_time_us,
       stand_id::text AS stand_id, discount_bp, max_discount_bp, approval_required, approved_by,
       (extract(epoch from approve_time) * 1000000)::bigint AS approve_time_us

-- name: insert_sale
INSERT INTO sales (id, contact_id, client_id, project_id, edition_id, manager_id, area_dm2,
                   stand_number, currency_code, price_per_m2, net_amount, vat_rate_bp,
                   vat_amount, total_amount, sale_time, stand_type, list_price_per_m2,
                   price_override_reason, service_lines, discount, space_amount,
                   services_amount, discount_amount, update_time, stand_id, state, discount_bp,
                   max_discount_bp, approval_required, approved_by, approve_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
        $19::jsonb, $20::jsonb, $21, $22, $23, $15, $24, $25, $26, $27, $28, $29, $30)
RETURNING :sale_columns;

-- name: find_sale
SELECT :sale_columns
FROM sales
WHERE id = $1;

-- name: find_sale_for_update
-- Serialises amendments and cancellation of one sale.
SELECT :sale_columns
FROM sales
WHERE id = $1
FOR UPDATE;

-- name: list_sales
-- One manager's ($1, or everyone's when NULL) sales within the caller's reach
-- (common::auth::ListScope: $5 everything, $6 their own, $7 their department unit's), ordered by
-- (sale_time, id); ($2, $3) the keyset of the previous page's last row or NULL; $4 the limit.
SELECT :sale_columns
FROM sales
WHERE ($1::uuid IS NULL OR manager_id = $1::uuid)
  AND ($5::boolean OR manager_id = $6::uuid
       OR ($7::text IS NOT NULL
           AND manager_id IN (SELECT e.id FROM employees e WHERE e.department_id = $7::uuid)))
  AND ($2::timestamptz IS NULL OR (sale_time, id) > ($2::timestamptz, $3::uuid))
ORDER BY sale_time, id
LIMIT $4;

-- name: amend_sale
-- Replaces the priced content of a sale not cancelled (its stand and approval included); no row
-- when it is cancelled.
UPDATE sales
SET area_dm2 = $2, stand_number = $3, stand_type = $4, price_per_m2 = $5,
    price_override_reason = $6, service_lines = $7::jsonb, discount = $8::jsonb,
    space_amount = $9, services_amount = $10, discount_amount = $11, net_amount = $12,
    vat_rate_bp = $13, vat_amount = $14, total_amount = $15, update_time = $16,
    stand_id = $17, state = $18, discount_bp = $19, max_discount_bp = $20,
    approval_required = $21, approved_by = $22, approve_time = $23, version = version + 1
WHERE id = $1 AND state <> 'CANCELLED'
RETURNING :sale_columns;

-- name: approve_sale
-- A sale pending approval approved by $2 at $3; no row for a sale in another state.
UPDATE sales
SET state = 'ACTIVE', approved_by = $2, approve_time = $3, update_time = $3,
    version = version + 1
WHERE id = $1 AND state = 'PENDING_APPROVAL'
RETURNING :sale_columns;

-- name: cancel_sale
-- No row when the sale is already cancelled.
UPDATE sales
SET state = 'CANCELLED', cancel_reason = $2, cancelled_by = $3, cancel_time = $4,
    update_time = $4, version = version + 1
WHERE id = $1 AND state <> 'CANCELLED'
RETURNING :sale_columns;
