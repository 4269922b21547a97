#pragma once

#include <vector>

#include "common/db/pool.h"

// Every SQL statement of the accounting service, prepared on each pooled connection and executed
// by name. Times come back as microseconds since the epoch.
namespace crm::accounting {

inline const std::vector<common::db::NamedQuery> kQueries = {
    // $1 id, $2 document_id, $3 document_number, $4 file_name, $5 sha256, $6 size_bytes,
    // $7 source_event_id, $8 content. No row back when the document was exported already.
    {"accounting_insert_export",
     "INSERT INTO exports (id, document_id, document_number, file_name, sha256, size_bytes, "
     "source_event_id, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
     "ON CONFLICT (document_id) DO NOTHING "
     "RETURNING (extract(epoch from create_time) * 1000000)::bigint"},
    {"accounting_get_export",
     "SELECT id, document_id, document_number, file_name, sha256, size_bytes, "
     "(extract(epoch from create_time) * 1000000)::bigint "
     "FROM exports WHERE id = $1"},
    // $1 page size + 1 (one extra row tells whether another page follows).
    {"accounting_list_exports_first",
     "SELECT id, document_id, document_number, file_name, sha256, size_bytes, "
     "(extract(epoch from create_time) * 1000000)::bigint "
     "FROM exports ORDER BY create_time DESC, id DESC LIMIT $1"},
    // $1 last create_time (microseconds since the epoch), $2 last id, $3 page size + 1.
    {"accounting_list_exports_after",
     "SELECT id, document_id, document_number, file_name, sha256, size_bytes, "
     "(extract(epoch from create_time) * 1000000)::bigint "
     "FROM exports "
     "WHERE (create_time, id) < ('epoch'::timestamptz + $1::bigint * interval '1 microsecond', "
     "$2::uuid) "
     "ORDER BY create_time DESC, id DESC LIMIT $3"},
};

}  // namespace crm::accounting
