-- Competitors' exhibitions (store/exhibition_store.cpp). Every statement returning one selects
-- the same columns, read by one decoder: start_date and end_date are YYYY-MM-DD, or '' when
-- unknown (as the parameters $6 and $7 are). Lists order by table-qualified columns, since a
-- bare `id` in ORDER BY would name the selected text, not the uuid the index is built on.

-- fragment: competitor_exhibition_columns
-- The columns of a competitor's exhibition, read by name by its one decoder.
id::text AS id, display_name, organizer, city, periodicity,
       coalesce(to_char(start_date, 'YYYY-MM-DD'), '') AS start_date,
       coalesce(to_char(end_date, 'YYYY-MM-DD'), '') AS end_date, description,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_us,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us, version

-- name: competitor_exhibition_insert
INSERT INTO competitor_exhibitions (id, display_name, organizer, city, periodicity, start_date,
                                   end_date, description, created_by, updated_by)
VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, '')::date, NULLIF($7, '')::date, $8, $9, $9)
RETURNING :competitor_exhibition_columns;

-- name: competitor_exhibition_get
SELECT :competitor_exhibition_columns
FROM competitor_exhibitions
WHERE id = $1::uuid;

-- name: competitor_exhibition_get_for_update
SELECT :competitor_exhibition_columns
FROM competitor_exhibitions
WHERE id = $1::uuid
FOR UPDATE;

-- name: competitor_exhibition_update
UPDATE competitor_exhibitions
SET display_name = $2, organizer = $3, city = $4, periodicity = $5,
    start_date = NULLIF($6, '')::date, end_date = NULLIF($7, '')::date, description = $8,
    version = version + 1, updated_at = now(), updated_by = $9
WHERE id = $1::uuid
RETURNING :competitor_exhibition_columns;

-- name: competitor_exhibitions_list
-- Ordered by (display_name, id), after ($1, $2), at most $3.
SELECT :competitor_exhibition_columns
FROM competitor_exhibitions
WHERE (display_name, id) > ($1, $2::uuid)
ORDER BY competitor_exhibitions.display_name, competitor_exhibitions.id
LIMIT $3;
