-- The stand inventory of editions (StandService), the sales policies, and the stands' part in
-- recording, amending and cancelling sales. Every statement returning stands returns the same
-- columns (store::StandFromRow) and takes the moment the holds are judged at as $1: a hold
-- whose expire time has passed reads as free before the expiry worker has released it.

-- fragment: stand_columns
-- The columns of a stand (store::StandFromRow): stored status and the effective one at $1, the
-- price of its type on the edition's price list (the edition's base price where the list does
-- not name the type), times as microseconds since the epoch.
s.id::text AS id, s.edition_id::text AS edition_id, e.project_id::text AS project_id,
       s.number, s.sort_key, s.hall, s.stand_type, s.area_dm2, s.open_sides,
       s.status AS stored_status,
       :stand_status AS status, e.currency_code,
       COALESCE(p.price_per_m2, e.price_per_m2) AS list_price_per_m2,
       s.hold_client_id::text AS hold_client_id, s.held_by::text AS held_by,
       (extract(epoch from s.hold_time) * 1000000)::bigint AS hold_time_us,
       (extract(epoch from s.hold_expire_time) * 1000000)::bigint AS hold_expire_time_us,
       s.hold_note, s.sale_id::text AS sale_id, s.block_reason, s.version,
       (extract(epoch from s.update_time) * 1000000)::bigint AS update_time_us

-- fragment: stand_status
-- The status a stand has at $1: an expired hold is free.
CASE WHEN s.status = 'held' AND s.hold_expire_time <= $1::timestamptz THEN 'free'
            ELSE s.status END

-- fragment: stand_from
stands s
JOIN editions e ON e.id = s.edition_id
LEFT JOIN edition_stand_prices p ON p.edition_id = s.edition_id AND p.stand_type = s.stand_type

-- name: find_stand
SELECT :stand_columns
FROM :stand_from
WHERE s.id = $2;

-- name: lock_stand
-- Serialises every change of one stand: holds, sales, releases, blocks, edits.
SELECT :stand_columns
FROM :stand_from
WHERE s.id = $2
FOR UPDATE OF s;

-- name: lock_stand_by_number
-- The stand of edition $2 whose number key is $3, locked (a sale reserving it).
SELECT :stand_columns
FROM :stand_from
WHERE s.edition_id = $2 AND s.number_key = $3
FOR UPDATE OF s;

-- name: lock_stands_of_edition
-- Every stand of edition $2, locked: an import compares the file with them and changes them.
SELECT :stand_columns
FROM :stand_from
WHERE s.edition_id = $2
ORDER BY s.sort_key COLLATE "C", s.id
FOR UPDATE OF s;

-- name: edition_has_stands
SELECT EXISTS (SELECT 1 FROM stands WHERE edition_id = $1) AS has_stands;

-- name: list_stands
-- Edition $2's stands in the order people count them (sort_key, id), filtered by effective
-- status $3, type $4 and hall $5 (NULL for any); ($6, $7) the keyset of the previous page's last
-- row or NULL; $8 the limit.
SELECT :stand_columns
FROM :stand_from
WHERE s.edition_id = $2
  AND ($3::text IS NULL OR :stand_status = $3::text)
  AND ($4::text IS NULL OR s.stand_type = $4::text)
  AND ($5::text IS NULL OR s.hall = $5::text)
  AND ($6::text IS NULL OR (s.sort_key COLLATE "C", s.id) > ($6::text COLLATE "C", $7::uuid))
ORDER BY s.sort_key COLLATE "C", s.id
LIMIT $8;

-- name: board_free_stands
-- Edition $2's stands free at $1 with what the sales board shows of them, in order. A free stand
-- is stored free, or held with its hold expired.
SELECT s.id::text AS id, s.number, s.hall, s.stand_type, s.area_dm2,
       COALESCE(p.price_per_m2, e.price_per_m2) AS list_price_per_m2
FROM :stand_from
WHERE s.edition_id = $2
  AND (s.status = 'free' OR (s.status = 'held' AND s.hold_expire_time <= $1::timestamptz))
ORDER BY s.sort_key COLLATE "C", s.id;

-- name: stand_board
-- Edition $2's stands counted by (effective status, type), with the type's price per m², and by
-- status alone (type and price NULL).
SELECT status, stand_type, count(*)::integer AS stands, sum(area_dm2)::bigint AS area_dm2,
       sum(list_amount)::bigint AS list_amount,
       CASE WHEN GROUPING(stand_type) = 0 THEN max(price) END AS list_price_per_m2
FROM (SELECT :stand_status AS status, s.stand_type, s.area_dm2,
             COALESCE(p.price_per_m2, e.price_per_m2) AS price,
             (s.area_dm2 * COALESCE(p.price_per_m2, e.price_per_m2) + 50) / 100 AS list_amount
      FROM :stand_from
      WHERE s.edition_id = $2) AS board
GROUP BY GROUPING SETS ((status, stand_type), (status))
ORDER BY status, stand_type NULLS FIRST;

-- name: upsert_stands
-- An import's rows for edition $1 at $2, as parallel arrays: new numbers are inserted, known
-- ones take the values when any differs. Returns the rows written, `inserted` telling which.
INSERT INTO stands (id, edition_id, number, number_key, sort_key, hall, stand_type, area_dm2,
                    open_sides, create_time, update_time)
SELECT r.id, $1, r.number, r.number_key, r.sort_key, r.hall, r.stand_type, r.area_dm2,
       r.open_sides, $2, $2
FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
            $9::smallint[], $10::text[])
     AS r (id, number, number_key, hall, stand_type, area_dm2, open_sides, sort_key)
ON CONFLICT (edition_id, number_key) DO UPDATE
SET number = EXCLUDED.number, hall = EXCLUDED.hall, stand_type = EXCLUDED.stand_type,
    area_dm2 = EXCLUDED.area_dm2, open_sides = EXCLUDED.open_sides, version = stands.version + 1,
    update_time = EXCLUDED.update_time
WHERE (stands.number, stands.hall, stands.stand_type, stands.area_dm2, stands.open_sides)
      IS DISTINCT FROM
      (EXCLUDED.number, EXCLUDED.hall, EXCLUDED.stand_type, EXCLUDED.area_dm2, EXCLUDED.open_sides)
RETURNING (xmax = 0) AS inserted;

-- name: update_stand
UPDATE stands
SET hall = $2, stand_type = $3, area_dm2 = $4, open_sides = $5, version = version + 1,
    update_time = $6
WHERE id = $1;

-- name: sell_stand
-- Stand $1 reserved by sale $2 at $3 (a hold it had is over).
UPDATE stands
SET status = 'sold', sale_id = $2, hold_client_id = NULL, held_by = NULL, hold_time = NULL,
    hold_expire_time = NULL, hold_note = '', version = version + 1, update_time = $3
WHERE id = $1;

-- name: hold_stand
UPDATE stands
SET status = 'held', hold_client_id = $2, held_by = $3, hold_time = $4, hold_expire_time = $5,
    hold_note = $6, version = version + 1, update_time = $4
WHERE id = $1;

-- name: free_stand
-- Stand $1 free again at $2: its hold or its sale is over.
UPDATE stands
SET status = 'free', sale_id = NULL, hold_client_id = NULL, held_by = NULL, hold_time = NULL,
    hold_expire_time = NULL, hold_note = '', version = version + 1, update_time = $2
WHERE id = $1;

-- name: block_stand
UPDATE stands
SET status = 'blocked', block_reason = $2, hold_client_id = NULL, held_by = NULL,
    hold_time = NULL, hold_expire_time = NULL, hold_note = '', version = version + 1,
    update_time = $3
WHERE id = $1;

-- name: unblock_stand
UPDATE stands
SET status = 'free', block_reason = '', version = version + 1, update_time = $2
WHERE id = $1;

-- name: expire_holds
-- Up to $2 holds expired at $1, released; other replicas skip the rows this one claimed.
-- Returns each stand's id with the hold's client, for the events.
WITH due AS (
  SELECT id, hold_client_id
  FROM stands
  WHERE status = 'held' AND hold_expire_time <= $1
  ORDER BY hold_expire_time
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE stands s
SET status = 'free', hold_client_id = NULL, held_by = NULL, hold_time = NULL,
    hold_expire_time = NULL, hold_note = '', version = s.version + 1, update_time = $1
FROM due
WHERE s.id = due.id
RETURNING s.id::text AS id, due.hold_client_id::text AS hold_client_id;

-- name: next_hold_expiry
SELECT (extract(epoch from min(hold_expire_time)) * 1000000)::bigint AS expire_time_us
FROM stands
WHERE status = 'held';

-- name: find_stands
-- The stands of ids $2 (any order).
SELECT :stand_columns
FROM :stand_from
WHERE s.id = ANY ($2::uuid[]);

-- name: find_sales_policy
SELECT max_discount_bp, default_hold_s, max_hold_s, version,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM sales_policies
WHERE edition_id = $1;

-- name: lock_sales_policy
SELECT max_discount_bp, default_hold_s, max_hold_s, version,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM sales_policies
WHERE edition_id = $1
FOR UPDATE;

-- name: upsert_sales_policy
INSERT INTO sales_policies (edition_id, max_discount_bp, default_hold_s, max_hold_s, update_time)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (edition_id) DO UPDATE
SET max_discount_bp = EXCLUDED.max_discount_bp, default_hold_s = EXCLUDED.default_hold_s,
    max_hold_s = EXCLUDED.max_hold_s, version = sales_policies.version + 1,
    update_time = EXCLUDED.update_time
RETURNING max_discount_bp, default_hold_s, max_hold_s, version,
          (extract(epoch from update_time) * 1000000)::bigint AS update_time_us;

-- name: list_price_of_type
-- The price per m² of stand type $2 on edition $1's price list, the edition's base price where
-- the list does not name the type (or no type is given).
SELECT COALESCE(p.price_per_m2, e.price_per_m2) AS price_per_m2
FROM editions e
LEFT JOIN edition_stand_prices p ON p.edition_id = e.id AND p.stand_type = $2
WHERE e.id = $1;
