-- Statements of the row reader's test: the embedder must keep semicolons inside literals,
-- brackets across lines and comments, and drop only a statement's final semicolon.

-- name: row_values
-- $1: a time in microseconds since the epoch.
SELECT 'a;b' AS text, NULL::text AS missing, ''::text AS empty, 42::bigint AS answer,
       7::integer AS small, true AS yes, ARRAY[1,
       2]::int[] AS numbers,
       (extract(epoch from to_timestamp($1::bigint / 1000000.0)) * 1000000)::bigint AS time_us,
       NULL::bigint AS no_time_us, '\x00ff'::bytea AS raw;

-- name: row_count
SELECT count(*) AS n FROM generate_series(1, $1) AS s;

-- fragment: series_bounds
-- A fragment using another, defined in any order: pasted in where a statement names it.
1, :series_end

-- fragment: series_end
$1::int

-- name: row_series
-- A statement made of fragments; `::int` casts are not fragment references.
SELECT count(*)::int AS n FROM generate_series(:series_bounds) AS s;
