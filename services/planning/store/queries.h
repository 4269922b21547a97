#pragma once

#include <vector>

#include "common/db/pool.h"

// Every SQL statement of the planning service, prepared on each pooled connection and executed by
// name (planning_store.cpp). Times go in as RFC 3339 text and come out as microseconds since the
// epoch; resource names are rebuilt from the uuid columns.
namespace crm::planning {

// A common::auth::ListScope over the owner column `column`: every row ($a), the rows of one
// employee ($b) or those of the members of one department unit ($c) in the employees projection.
#define CRM_PLANNING_SCOPE_ON(column, a, b, c)                                           \
  " (" a "::boolean OR " column " = " b "::uuid OR (" c "::text IS NOT NULL AND " column \
  " IN"                                                                                  \
  " (SELECT e.id FROM employees e WHERE e.department_id = " c "::uuid))) "

// Columns of a contact, in the order planning_store.cpp reads them (the area lists use it too).
#define CRM_PLANNING_CONTACT_COLUMNS                                                           \
  " id::text, client_id::text, contact_person_id::text, project_id::text, edition_id::text,"   \
  " type, purpose, (extract(epoch from scheduled_time) * 1000000)::bigint, owner_id::text,"    \
  " state, result::text, (extract(epoch from complete_time) * 1000000)::bigint,"               \
  " rescheduled_from::text, (extract(epoch from create_time) * 1000000)::bigint, result_kind," \
  " purpose_kind, duration_s, channel::text, reminders::text, version,"                        \
  " (extract(epoch from update_time) * 1000000)::bigint,"                                      \
  " (extract(epoch from cancel_time) * 1000000)::bigint, cancel_reason "

// An older event (by ce-time) never overwrites what a newer one wrote; without a time the
// latest delivery wins. The projection statements of other areas (org_queries.h) use it too.
#define CRM_PLANNING_NEWER_EVENT(table)                \
  " WHERE " table                                      \
  ".event_time IS NULL OR EXCLUDED.event_time IS NULL" \
  " OR EXCLUDED.event_time >= " table ".event_time"

inline const std::vector<common::db::NamedQuery> kQueries = {
    // --- registry projection ---------------------------------------------------------------
    {"upsert_client",
     "INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone,"
     " email, event_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
     " ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name,"
     " legal_name = EXCLUDED.legal_name, inn = EXCLUDED.inn, kpp = EXCLUDED.kpp,"
     " ogrn = EXCLUDED.ogrn, legal_address = EXCLUDED.legal_address, phone = EXCLUDED.phone,"
     " email = EXCLUDED.email, event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("clients")},
    {"upsert_contact_person",
     "INSERT INTO contact_persons (id, client_id, full_name, position, phone, email, event_time)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7)"
     " ON CONFLICT (id) DO UPDATE SET client_id = EXCLUDED.client_id,"
     " full_name = EXCLUDED.full_name, position = EXCLUDED.position, phone = EXCLUDED.phone,"
     " email = EXCLUDED.email, event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("contact_persons")},
    {"upsert_edition",
     "INSERT INTO editions (id, project_id, display_name, project_display_name, start_date,"
     " end_date, venue, currency_code, price_per_m2, event_time)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
     " ON CONFLICT (id) DO UPDATE SET project_id = EXCLUDED.project_id,"
     " display_name = EXCLUDED.display_name, project_display_name = EXCLUDED.project_display_name,"
     " start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, venue = EXCLUDED.venue,"
     " currency_code = EXCLUDED.currency_code, price_per_m2 = EXCLUDED.price_per_m2,"
     " event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("editions")},
    {"upsert_employee",
     "INSERT INTO employees (id, full_name, email, department, event_time)"
     " VALUES ($1, $2, $3, $4, $5)"
     " ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,"
     " department = EXCLUDED.department, event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("employees")},
    {"find_client",
     "SELECT id::text, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email"
     " FROM clients WHERE id = $1"},
    {"find_contact_person",
     "SELECT id::text, client_id::text, full_name, position, phone, email"
     " FROM contact_persons WHERE id = $1"},
    {"find_edition",
     "SELECT id::text, project_id::text, display_name, project_display_name,"
     " to_char(start_date, 'YYYY-MM-DD'), to_char(end_date, 'YYYY-MM-DD'), venue, currency_code,"
     " price_per_m2 FROM editions WHERE id = $1"},
    {"find_employee", "SELECT id::text, full_name, email, department FROM employees WHERE id = $1"},

    // --- contacts ----------------------------------------------------------------------------
    {"find_contact", "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts WHERE id = $1"},
    // Serialises completions of one contact: the second waits, then sees it completed.
    {"find_contact_for_update",
     "SELECT" CRM_PLANNING_CONTACT_COLUMNS "FROM contacts WHERE id = $1 FOR UPDATE"},
    {"insert_contact",
     "INSERT INTO contacts (id, client_id, contact_person_id, project_id, edition_id, type,"
     " purpose, scheduled_time, owner_id, state, rescheduled_from, create_time,"
     " purpose_kind, duration_s, channel, reminders)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PLANNED', $10, $11, $12, $13,"
     " $14::jsonb, $15::jsonb)"
     " RETURNING" CRM_PLANNING_CONTACT_COLUMNS},
    {"complete_contact",
     "UPDATE contacts SET state = 'COMPLETED', result = $2::jsonb, result_kind = $3,"
     " complete_time = $4 WHERE id = $1 AND state = 'PLANNED'"
     " RETURNING" CRM_PLANNING_CONTACT_COLUMNS},
    // Keyset page: $1 owner or NULL, [$2, $3) window bounds or NULL, ($4, $5) the last key of
    // the previous page or NULL, $6 the limit.

};

}  // namespace crm::planning
