#pragma once

#include <vector>

#include "common/db/pool.h"

// Every SQL statement of the analytics service, prepared on each pooled connection and executed
// by name. Times go in as RFC 3339 text.
namespace crm::analytics {

inline const std::vector<common::db::NamedQuery> kQueries = {
    // Projection upserts: each gives the same row however often, and in whatever order, its
    // events are applied.

    // $1 id, $2 full_name. The registry's name wins over a sale's snapshot.
    {"analytics_upsert_employee",
     "INSERT INTO employees (id, full_name) VALUES ($1, $2) "
     "ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name"},
    // $1 id, $2 full_name, $3 department unit or NULL, $4 the event's ce-time or NULL: an
    // older event does not overwrite a newer one.
    {"analytics_upsert_membership",
     "INSERT INTO employees (id, full_name, department_id, event_time) "
     "VALUES ($1, $2, $3::uuid, $4::timestamptz) "
     "ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, "
     "department_id = EXCLUDED.department_id, event_time = EXCLUDED.event_time "
     "WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL "
     "OR EXCLUDED.event_time >= employees.event_time"},
    {"analytics_employee_department",
     "SELECT coalesce(department_id::text, '') FROM employees WHERE id = $1"},
    {"analytics_insert_employee_if_missing",
     "INSERT INTO employees (id, full_name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING"},
    // $1 id, $2 owner_id, $3 type, $4 scheduled_time. A completed row is final: a late
    // "planned" does not reopen it.
    {"analytics_upsert_planned_contact",
     "INSERT INTO contacts (id, owner_id, type, scheduled_time, state) "
     "VALUES ($1, $2, $3, $4::timestamptz, 'planned') "
     "ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, type = EXCLUDED.type, "
     "scheduled_time = EXCLUDED.scheduled_time "
     "WHERE contacts.state = 'planned'"},
    // $1 id, $2 owner_id, $3 type, $4 scheduled_time, $5 result_kind, $6 complete_time.
    {"analytics_upsert_completed_contact",
     "INSERT INTO contacts (id, owner_id, type, scheduled_time, state, result_kind, "
     "complete_time) VALUES ($1, $2, $3, $4::timestamptz, 'completed', $5, $6::timestamptz) "
     "ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, type = EXCLUDED.type, "
     "scheduled_time = EXCLUDED.scheduled_time, state = 'completed', "
     "result_kind = EXCLUDED.result_kind, complete_time = EXCLUDED.complete_time"},
    // $1 id, $2 manager_id, $3 area_dm2, $4 net, $5 total, $6 sale_time.
    {"analytics_upsert_sale",
     "INSERT INTO sales (id, manager_id, area_dm2, net, total, sale_time) "
     "VALUES ($1, $2, $3, $4, $5, $6::timestamptz) "
     "ON CONFLICT (id) DO UPDATE SET manager_id = EXCLUDED.manager_id, "
     "area_dm2 = EXCLUDED.area_dm2, net = EXCLUDED.net, total = EXCLUDED.total, "
     "sale_time = EXCLUDED.sale_time"},

    // The manager report: one set-based query per section. $1 manager id, $2 start (inclusive),
    // $3 end (exclusive).

    // $1 manager id: known when the registry announced them or they own anything.
    {"analytics_manager_known",
     "SELECT EXISTS (SELECT 1 FROM employees WHERE id = $1) "
     "OR EXISTS (SELECT 1 FROM contacts WHERE owner_id = $1) "
     "OR EXISTS (SELECT 1 FROM sales WHERE manager_id = $1)"},
    {"analytics_completed_by_type",
     "SELECT type, count(*) FROM contacts "
     "WHERE owner_id = $1 AND state = 'completed' "
     "AND complete_time >= $2::timestamptz AND complete_time < $3::timestamptz "
     "GROUP BY type"},
    {"analytics_completed_by_result",
     "SELECT result_kind, count(*) FROM contacts "
     "WHERE owner_id = $1 AND state = 'completed' "
     "AND complete_time >= $2::timestamptz AND complete_time < $3::timestamptz "
     "GROUP BY result_kind"},
    {"analytics_open_contacts",
     "SELECT count(*) FROM contacts "
     "WHERE owner_id = $1 AND state = 'planned' "
     "AND scheduled_time >= $2::timestamptz AND scheduled_time < $3::timestamptz"},
    {"analytics_sales_totals",
     "SELECT count(*), coalesce(sum(area_dm2), 0)::bigint, coalesce(sum(net), 0)::bigint, "
     "coalesce(sum(total), 0)::bigint FROM sales "
     "WHERE manager_id = $1 AND sale_time >= $2::timestamptz AND sale_time < $3::timestamptz"},
};

}  // namespace crm::analytics
