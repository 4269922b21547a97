#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/planning/store/queries.h"

// Statements of sales: recorded by CompleteContact, amended and cancelled by SaleService.
namespace crm::planning {

// Columns of a sale, in the order sales_store.cpp reads them.
#define CRM_PLANNING_SALE_COLUMNS                                                              \
  " id::text, contact_id::text, client_id::text, project_id::text, edition_id::text,"          \
  " manager_id::text, area_dm2, stand_number, currency_code, price_per_m2, net_amount,"        \
  " vat_rate_bp, vat_amount, total_amount, (extract(epoch from sale_time) * 1000000)::bigint," \
  " stand_type, list_price_per_m2, price_override_reason, service_lines::text,"                \
  " discount::text, space_amount, services_amount, discount_amount, state, cancel_reason,"     \
  " (extract(epoch from cancel_time) * 1000000)::bigint, version,"                             \
  " (extract(epoch from update_time) * 1000000)::bigint "

inline const std::vector<common::db::NamedQuery> kSalesQueries = {
    {"insert_sale",
     "INSERT INTO sales (id, contact_id, client_id, project_id, edition_id, manager_id, area_dm2,"
     " stand_number, currency_code, price_per_m2, net_amount, vat_rate_bp, vat_amount,"
     " total_amount, sale_time, stand_type, list_price_per_m2, price_override_reason,"
     " service_lines, discount, space_amount, services_amount, discount_amount, update_time)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
     " $19::jsonb, $20::jsonb, $21, $22, $23, $15)"
     " RETURNING" CRM_PLANNING_SALE_COLUMNS},
    {"find_sale", "SELECT" CRM_PLANNING_SALE_COLUMNS "FROM sales WHERE id = $1"},
    // Serialises amendments and cancellation of one sale.
    {"find_sale_for_update",
     "SELECT" CRM_PLANNING_SALE_COLUMNS "FROM sales WHERE id = $1 FOR UPDATE"},
    // Keyset page: $1 manager or NULL, ($2, $3) the last key or NULL, $4 the limit.
    // One manager's ($1, or all) sales within the caller's scope $5-$7; keyset ($2, $3).
    {"list_sales",
     "SELECT" CRM_PLANNING_SALE_COLUMNS "FROM sales"
     " WHERE ($1::uuid IS NULL OR manager_id = $1::uuid)"
     " AND" CRM_PLANNING_SCOPE_ON(
         "manager_id", "$5", "$6",
         "$7") " AND ($2::timestamptz IS NULL OR (sale_time, id) > ($2::timestamptz, $3::uuid))"
               " ORDER BY sale_time, id LIMIT $4"},
    {"amend_sale",
     "UPDATE sales SET area_dm2 = $2, stand_number = $3, stand_type = $4, price_per_m2 = $5,"
     " price_override_reason = $6, service_lines = $7::jsonb, discount = $8::jsonb,"
     " space_amount = $9, services_amount = $10, discount_amount = $11, net_amount = $12,"
     " vat_rate_bp = $13, vat_amount = $14, total_amount = $15, update_time = $16,"
     " version = version + 1 WHERE id = $1 AND state = 'ACTIVE'"
     " RETURNING" CRM_PLANNING_SALE_COLUMNS},
    {"cancel_sale",
     "UPDATE sales SET state = 'CANCELLED', cancel_reason = $2, cancelled_by = $3,"
     " cancel_time = $4, update_time = $4, version = version + 1"
     " WHERE id = $1 AND state = 'ACTIVE' RETURNING" CRM_PLANNING_SALE_COLUMNS},
};

#undef CRM_PLANNING_SALE_COLUMNS

}  // namespace crm::planning
