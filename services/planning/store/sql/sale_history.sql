-- The history of sales (sale_history): one entry per version, appended in the transaction of the
-- change. The snapshot is the sales row after the change, read back as a row of sales and
-- decoded with the columns of every other sale statement (:sale_columns, store::SaleFromRow). A
-- column added to sales later is NULL in the snapshots written before it: its decoding must take
-- NULL (or its migration must fill the snapshots in).

-- name: sale_history_append
-- Sale $1's row as it is now, as the entry of its current version: change $2 by $3 at $4 with
-- comment $5 and field changes $6 (a JSON array).
INSERT INTO sale_history (sale_id, version, change, actor, change_time, comment, field_changes,
                          snapshot)
SELECT s.id, s.version, $2, $3, $4, $5, $6::jsonb, to_jsonb(s)
FROM sales s
WHERE s.id = $1;

-- name: sale_history_page
-- Up to $3 entries of sale $1 older than version $2 (NULL: from the newest), newest first.
SELECT h.version AS entry_version, h.change, h.actor,
       (extract(epoch from h.change_time) * 1000000)::bigint AS change_time_us, h.comment,
       h.field_changes::text AS field_changes, snapshot.*
FROM sale_history h
CROSS JOIN LATERAL (SELECT :sale_columns
                    FROM jsonb_populate_record(NULL::sales, h.snapshot)) AS snapshot
WHERE h.sale_id = $1 AND ($2::bigint IS NULL OR h.version < $2::bigint)
ORDER BY h.version DESC
LIMIT $3;
