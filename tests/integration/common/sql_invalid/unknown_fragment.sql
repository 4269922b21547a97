-- Must fail to embed: the statement names a fragment nobody defined.

-- name: uses_unknown
SELECT :no_such_fragment;
