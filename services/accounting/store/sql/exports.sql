-- Export packages written to the 1C exchange directory: one per issued document, one more when it
-- is annulled. Times come back as microseconds since the epoch.

-- name: accounting_insert_export
-- $1 id, $2 document_id, $3 document_number, $4 file_name, $5 sha256, $6 size_bytes,
-- $7 source_event_id, $8 content, $9 operation ('issue' or 'annul'). No row back when the
-- document had this export already.
INSERT INTO exports (id, document_id, document_number, file_name, sha256, size_bytes,
                     source_event_id, content, operation)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (document_id, operation) DO NOTHING
RETURNING (extract(epoch from create_time) * 1000000)::bigint AS create_time_us;

-- name: accounting_get_export
SELECT id, document_id, document_number, file_name, sha256, size_bytes, operation,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us
FROM exports
WHERE id = $1;

-- name: accounting_list_exports_first
-- $1 page size + 1 (one extra row tells whether another page follows).
SELECT id, document_id, document_number, file_name, sha256, size_bytes, operation,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us
FROM exports
ORDER BY create_time DESC, id DESC
LIMIT $1;

-- name: accounting_list_exports_after
-- $1 last create_time (microseconds since the epoch), $2 last id, $3 page size + 1.
SELECT id, document_id, document_number, file_name, sha256, size_bytes, operation,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us
FROM exports
WHERE (create_time, id) < ('epoch'::timestamptz + $1::bigint * interval '1 microsecond', $2::uuid)
ORDER BY create_time DESC, id DESC
LIMIT $3;
