-- Must fail to embed: a fragment no statement uses.

-- fragment: forgotten
1

-- name: plain
SELECT 2 AS two;
