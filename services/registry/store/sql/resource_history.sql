-- The history of contact persons, projects, editions and groups (store/resource_history_store.cpp).
-- $1 is always the resource kind ("contact_person", ...), $2 the resource's id.

-- fragment: resource_history_columns
-- The columns of a history entry, read by name by the one decoder; field_changes as an object
-- {"fieldChanges": [...]}, the canonical JSON of a crm.registry.v1.ResourceVersion.
version, change, changed_by,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS change_time_us,
       snapshot::text AS snapshot,
       jsonb_build_object('fieldChanges', field_changes)::text AS field_changes

-- name: resource_history_latest
SELECT :resource_history_columns
FROM resource_history
WHERE resource_kind = $1 AND resource_id = $2::uuid
ORDER BY version DESC
LIMIT 1;

-- name: resource_history_append
-- $3 the version, $4 the change, $5 the actor, $6 the snapshot, $7 a ResourceVersion holding
-- only the field changes (canonical JSON; {} for none).
INSERT INTO resource_history (resource_kind, resource_id, version, change, changed_by, snapshot,
                              field_changes)
VALUES ($1, $2::uuid, $3, $4, $5, $6::jsonb, coalesce($7::jsonb -> 'fieldChanges', '[]'::jsonb));

-- name: resource_history_page
-- Newest first, below version $3, at most $4.
SELECT :resource_history_columns
FROM resource_history
WHERE resource_kind = $1 AND resource_id = $2::uuid AND version < $3
ORDER BY version DESC
LIMIT $4;

-- name: resource_history_version
SELECT :resource_history_columns
FROM resource_history
WHERE resource_kind = $1 AND resource_id = $2::uuid AND version = $3;
