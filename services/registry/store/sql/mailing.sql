-- Postal mailings: selections (a saved client filter with switches) and exports (the recipients
-- a selection gave, frozen) (store/mailing_store.cpp).
--
-- Every statement returning selections returns the same columns (DecodeSelection): owner is ''
-- for a shared selection, times are microseconds since the epoch (*_us).

-- fragment: selection_columns
-- The columns of a mailing selection (DecodeSelection).
id::text AS id, display_name, description, coalesce(owner, '') AS owner,
       filter::text AS filter, subscribed_only, valid_postal_address_only,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time_us,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS update_time_us,
       (extract(epoch FROM deleted_at) * 1000000)::bigint AS delete_time_us, version

-- name: mailing_selection_insert
-- $1 id, $2 display_name, $3 description, $4 owner ('' when shared), $5 filter JSON,
-- $6 subscribed_only, $7 valid_postal_address_only, $8 actor.
INSERT INTO mailing_selections (id, display_name, description, owner, filter, subscribed_only,
                                valid_postal_address_only, created_by, updated_by)
VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5::jsonb, $6, $7, $8, $8)
RETURNING :selection_columns;

-- name: mailing_selection_get
SELECT :selection_columns
FROM mailing_selections
WHERE id = $1::uuid;

-- name: mailing_selection_get_for_update
SELECT :selection_columns
FROM mailing_selections
WHERE id = $1::uuid
FOR UPDATE;

-- name: mailing_selection_update
-- $2..$6 as in the insert's $2, $3, $5, $6, $7; $7 the actor.
UPDATE mailing_selections
SET display_name = $2, description = $3, filter = $4::jsonb, subscribed_only = $5,
    valid_postal_address_only = $6, version = version + 1, updated_at = now(), updated_by = $7
WHERE id = $1::uuid
RETURNING :selection_columns;

-- name: mailing_selection_delete
UPDATE mailing_selections
SET deleted_at = now(), version = version + 1, updated_at = now(), updated_by = $2
WHERE id = $1::uuid
RETURNING :selection_columns;

-- name: mailing_selections_list
-- The live shared selections and the caller's ($1) personal ones, by name: keyset ($2, $3).
SELECT :selection_columns
FROM mailing_selections
WHERE deleted_at IS NULL AND (owner IS NULL OR owner = $1)
  AND (display_name, id) > ($2, $3::uuid)
ORDER BY display_name, id
LIMIT $4;

-- name: mailing_export_insert
-- $1 id, $2 selection id, $3 the selection as run (JSON), $4 actor.
INSERT INTO mailing_exports (id, selection_id, selection, created_by)
VALUES ($1::uuid, $2::uuid, $3::jsonb, $4);

-- name: mailing_export_fill
-- The recipients of a selection, written as the export's rows in postal code order (the order
-- the post office sorts letters in); returns how many. The client filter's $1..$18
-- (store/client_filter.h), then $19 the export id, $20 subscribed only, $21 valid postal
-- addresses only. Rejected records are no companies to write to. The addressee is the legal name
-- (the display name without one); the contact person is a consenting one (subscribed only) or
-- the primary one.
WITH recipients AS (
  SELECT c.id AS client_id, p.id AS person_id,
         coalesce(nullif(c.legal_name, ''), c.display_name) AS addressee, c.inn,
         coalesce(p.full_name, '') AS person, coalesce(p.position, '') AS position,
         c.postal_postal_code, c.postal_region_code, c.postal_city, c.postal_street_line
  FROM clients c
  LEFT JOIN contact_persons p
         ON p.client_id = c.id AND p.deleted_at IS NULL
        AND CASE WHEN $20::boolean THEN p.mailing_consent AND p.status = 'ACTIVE'
                 ELSE p.is_primary END
  WHERE :client_filter
    AND c.deleted_at IS NULL AND c.verification_state <> 'REJECTED'
    AND (NOT $20::boolean OR p.id IS NOT NULL)
    AND (NOT $21::boolean OR (c.postal_address_valid AND c.postal_postal_code <> ''
                              AND c.postal_city <> '' AND c.postal_street_line <> ''))),
written AS (
  INSERT INTO mailing_export_rows (export_id, row_number, client_id, contact_person_id,
                                   addressee, inn, contact_person, position, postal_code,
                                   region_code, city, street_line)
  SELECT $19::uuid,
         row_number() OVER (ORDER BY postal_postal_code, addressee, client_id, person, person_id),
         client_id, person_id, addressee, inn, person, position, postal_postal_code,
         postal_region_code, postal_city, postal_street_line
  FROM recipients
  RETURNING 1)
UPDATE mailing_exports
SET recipient_count = (SELECT count(*) FROM written)
WHERE id = $19::uuid
RETURNING recipient_count;

-- name: mailing_export_get
-- The export with the count of its rows returned by the post.
SELECT e.id::text AS id, e.selection_id::text AS selection_id, e.selection::text AS selection,
       e.recipient_count,
       (SELECT count(*)::int FROM mailing_export_rows r
        WHERE r.export_id = e.id AND r.returned_at IS NOT NULL) AS returned_count,
       (extract(epoch FROM e.created_at) * 1000000)::bigint AS create_time_us, e.created_by
FROM mailing_exports e
WHERE e.id = $1::uuid;

-- name: mailing_export_rows
-- The recipients in row order.
SELECT row_number, client_id::text AS client_id, addressee, inn, contact_person, position,
       postal_code, region_code, city, street_line
FROM mailing_export_rows
WHERE export_id = $1::uuid
ORDER BY row_number;

-- name: mailing_export_rows_named
-- Which of the row numbers ($2) and clients ($3) are in the export: the row number (NULL for a
-- client match) and the client id of each.
SELECT row_number, client_id::text AS client_id
FROM mailing_export_rows
WHERE export_id = $1::uuid AND row_number = ANY($2::int[])
UNION ALL
SELECT DISTINCT NULL::int, client_id::text
FROM mailing_export_rows
WHERE export_id = $1::uuid AND client_id = ANY($3::uuid[]);

-- name: mailing_export_rows_mark_returned
-- Every row of the client ($2) in the export: the letters all went to one address. $3 the queue
-- item opened for it. Returns how many rows the client has in the export.
WITH marked AS (
  UPDATE mailing_export_rows
  SET returned_at = coalesce(returned_at, now()),
      verification_item = coalesce(verification_item, $3::uuid)
  WHERE export_id = $1::uuid AND client_id = $2::uuid
  RETURNING 1)
SELECT count(*)::int AS client_rows FROM marked;
