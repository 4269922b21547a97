-- Exhibition projects and their editions (store/project_store.cpp, store/exhibition_store.cpp).
-- Every statement returning a project selects the same columns, and so does every statement
-- returning an edition: one decoder reads each. Lists order by table-qualified columns, since a
-- bare `id` in ORDER BY would name the selected text, not the uuid the index is built on.

-- fragment: project_columns
-- The columns of a project, read by name by the one project decoder.
id::text AS id, display_name, description,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_us, version

-- fragment: edition_columns
-- The columns of an edition, read by name by the one edition decoder.
id::text AS id, project_id::text AS project_id, display_name,
       to_char(start_date, 'YYYY-MM-DD') AS start_date,
       to_char(end_date, 'YYYY-MM-DD') AS end_date, venue, price_currency, price_per_m2_minor,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_us, status,
       coalesce((SELECT string_agg(key || ':' || value, ',' ORDER BY key)
                 FROM jsonb_each_text(stand_prices)), '') AS stand_prices,
       version, (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us

-- name: project_insert
INSERT INTO projects (id, display_name, description, created_by)
VALUES ($1::uuid, $2, $3, $4)
RETURNING :project_columns;

-- name: project_get
SELECT :project_columns
FROM projects
WHERE id = $1::uuid;

-- name: project_get_for_update
SELECT :project_columns
FROM projects
WHERE id = $1::uuid
FOR UPDATE;

-- name: projects_list
-- Ordered by (display_name, id), after ($1, $2), at most $3.
SELECT :project_columns
FROM projects
WHERE (display_name, id) > ($1, $2::uuid)
ORDER BY projects.display_name, projects.id
LIMIT $3;

-- name: project_update
UPDATE projects
SET display_name = $2, description = $3, version = version + 1, updated_at = now(),
    updated_by = $4
WHERE id = $1::uuid
RETURNING :project_columns;

-- name: edition_insert
-- start_date and end_date come back as YYYY-MM-DD; stand_prices as "type:kopecks,..." by type
-- ('' for none).
INSERT INTO editions (id, project_id, display_name, start_date, end_date, venue, price_currency,
                      price_per_m2_minor, created_by)
VALUES ($1::uuid, $2::uuid, $3, $4::date, $5::date, $6, $7, $8, $9)
RETURNING :edition_columns;

-- name: edition_get
-- Edition $1 of project $2.
SELECT :edition_columns
FROM editions
WHERE id = $1::uuid AND project_id = $2::uuid;

-- name: edition_get_for_update
SELECT :edition_columns
FROM editions
WHERE id = $1::uuid AND project_id = $2::uuid
FOR UPDATE;

-- name: editions_list
-- The editions of project $1 by (start_date, id), after ($2, $3), at most $4; the first page
-- starts after '-infinity'. The page key is the selected start_date text (YYYY-MM-DD).
SELECT :edition_columns
FROM editions
WHERE project_id = $1::uuid AND (start_date, id) > ($2::date, $3::uuid)
ORDER BY editions.start_date, editions.id
LIMIT $4;

-- name: edition_update
-- $8: stand prices as "type:kopecks,..." ('' for none), stored as a jsonb object.
UPDATE editions
SET display_name = $2, start_date = $3::date, end_date = $4::date, venue = $5,
    price_per_m2_minor = $6, status = $7,
    stand_prices = coalesce((SELECT jsonb_object_agg(split_part(item, ':', 1),
                                                     split_part(item, ':', 2)::bigint)
                             FROM unnest(string_to_array(NULLIF($8, ''), ',')) AS item), '{}'),
    version = version + 1, updated_at = now(), updated_by = $9
WHERE id = $1::uuid
RETURNING :edition_columns;
