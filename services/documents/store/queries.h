#pragma once

#include <vector>

#include "common/db/pool.h"

// Every SQL statement of the documents service, prepared on each pooled connection and executed
// by name from document_store.cpp.
namespace crm::documents {

// The columns every issuer read returns, in the order store code reads them.
#define CRM_DOCUMENTS_ISSUER_COLUMNS                                                    \
  "id::text, legal_name, inn, kpp, ogrn, address, bank_name, bik, settlement_account, " \
  "correspondent_account, director, chief_accountant, is_primary, seq"

// The columns of a document's metadata (everything but the file), in the order store code reads
// them.
#define CRM_DOCUMENTS_DOCUMENT_COLUMNS                                                     \
  "id::text, doc_type, sequence_number, number, to_char(issue_date, 'YYYY-MM-DD'), "       \
  "issuer_id::text, sale_id::text, client, client_legal_name, currency_code, net_amount, " \
  "vat_rate_bp, vat_amount, total_amount, total_in_words, file_name, "                     \
  "(extract(epoch from create_time) * 1000000)::bigint, seq, manager, status, "            \
  "coalesce(replaced_by::text, ''), coalesce(replaces::text, ''), annul_reason, "          \
  "(extract(epoch from annul_time) * 1000000)::bigint"

inline const std::vector<common::db::NamedQuery> kQueries = {
    // Issuer creation is rare; serialising it makes "the first issuer becomes primary" and
    // "unmark the previous primary" race-free without retries.
    {"issuers_lock", "SELECT pg_advisory_xact_lock(4702120013)"},
    {"issuer_get", "SELECT " CRM_DOCUMENTS_ISSUER_COLUMNS " FROM issuers WHERE id = $1::uuid"},
    {"issuer_by_requisites",
     "SELECT id::text FROM issuers "
     "WHERE inn = $1 AND kpp = $2 AND bik = $3 AND settlement_account = $4"},
    {"issuer_primary", "SELECT " CRM_DOCUMENTS_ISSUER_COLUMNS " FROM issuers WHERE is_primary"},
    {"issuer_unmark_primary", "UPDATE issuers SET is_primary = false WHERE is_primary"},
    {"issuer_insert",
     "INSERT INTO issuers (id, legal_name, inn, kpp, ogrn, address, bank_name, bik, "
     "settlement_account, correspondent_account, director, chief_accountant, is_primary) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
     "RETURNING " CRM_DOCUMENTS_ISSUER_COLUMNS},
    {"issuer_list",
     "SELECT " CRM_DOCUMENTS_ISSUER_COLUMNS " FROM issuers WHERE seq > $1 ORDER BY seq LIMIT $2"},

    // Serialises the handling of one sale across consumer replicas, so two deliveries of the
    // same sale (under different event ids) never both pass the "already issued" check.
    {"document_lock_sale", "SELECT pg_advisory_xact_lock(hashtextextended($1, 4702120014))"},
    {"document_id_by_sale", "SELECT id::text FROM documents WHERE sale_id = $1 AND doc_type = $2"},
    // The sale's current document of a type, and whether it already shows the sale as of $3
    // (an RFC 3339 instant) or later.
    {"document_current_of_sale",
     "SELECT id::text, status, number, sale_as_of >= $3::timestamptz FROM documents "
     "WHERE sale_id = $1 AND doc_type = $2 AND status <> 'REPLACED'"},
    {"document_mark_replaced",
     "UPDATE documents SET status = 'REPLACED', replaced_by = $2 WHERE id = $1"},
    {"document_mark_annulled",
     "UPDATE documents SET status = 'ANNULLED', annul_reason = $2, annul_time = $3::timestamptz "
     "WHERE id = $1"},
    // Takes the counter row lock until commit: numbers are handed out in commit order, and a
    // rollback returns the number.
    {"counter_next",
     "INSERT INTO document_counters (issuer_id, doc_type, year, last_number) "
     "VALUES ($1, $2, $3, 1) "
     "ON CONFLICT (issuer_id, doc_type, year) "
     "DO UPDATE SET last_number = document_counters.last_number + 1 "
     "RETURNING last_number"},
    {"document_insert",
     "INSERT INTO documents (id, doc_type, issuer_id, year, sequence_number, number, issue_date, "
     "sale_id, client, client_legal_name, edition_display_name, currency_code, net_amount, "
     "vat_rate_bp, vat_amount, total_amount, total_in_words, file_name, content_type, content, "
     "sha256, snapshot, source_event_id, manager, replaces, sale_as_of, manager_id) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
     "$18, $19, $20, $21, $22::jsonb, $23, $24, NULLIF($25, '')::uuid, $26::timestamptz, "
     "$27::uuid)"},
    {"document_get", "SELECT " CRM_DOCUMENTS_DOCUMENT_COLUMNS " FROM documents WHERE id = $1"},
    // $1: "" for every sale, else the sale's id; $2: the seq of the previous page's last row, or
    // NULL for the first page; $4: NULL for every manager, else the manager's id. $5..$7 the
    // caller's reach (common::auth::ListScope): everything, their own, their department unit's.
    {"document_list",
     "SELECT " CRM_DOCUMENTS_DOCUMENT_COLUMNS " FROM documents "
     "WHERE ($1 = '' OR sale_id = NULLIF($1, '')::uuid) AND ($2::bigint IS NULL OR seq < $2) "
     "AND ($4::uuid IS NULL OR manager_id = $4::uuid) "
     "AND ($5::boolean OR manager_id = $6::uuid OR ($7::uuid IS NOT NULL AND manager_id IN "
     "(SELECT e.id FROM employees e WHERE e.department_id = $7::uuid))) "
     "ORDER BY seq DESC LIMIT $3"},
    {"document_content",
     "SELECT file_name, content_type, content, manager FROM documents WHERE id = $1"},

    // Registry's employees: crm.registry.employee.updated sets the unit ($2, NULL for none); $3
    // the event's ce-time.
    {"employee_set_department",
     "INSERT INTO employees (id, department_id, event_time) VALUES ($1, $2::uuid, $3) "
     "ON CONFLICT (id) DO UPDATE SET department_id = EXCLUDED.department_id, "
     "event_time = EXCLUDED.event_time, updated_at = now() "
     "WHERE employees.event_time IS NULL OR EXCLUDED.event_time IS NULL "
     "OR EXCLUDED.event_time >= employees.event_time"},
    {"employee_department",
     "SELECT coalesce(department_id::text, '') FROM employees WHERE id = $1"},
};

#undef CRM_DOCUMENTS_ISSUER_COLUMNS
#undef CRM_DOCUMENTS_DOCUMENT_COLUMNS

}  // namespace crm::documents
