-- The references a client filter names (store/client_filter.cpp, CheckClientFilterReferences).

-- name: client_filter_unknown_references
-- (field, name) of every name the filter gives that names nothing: $1 groups (live and visible
-- to $8), $2 projects, ($3, $4) editions with their projects, $5 competitor exhibitions,
-- $6 curator employees, $7 curator projects. field is the filter's field, name the resource
-- name of the missing one.
SELECT 'groups' AS field, 'groups/' || x::text AS name
FROM unnest($1::uuid[]) AS x
WHERE NOT EXISTS (SELECT 1 FROM client_groups g
                  WHERE g.id = x AND g.deleted_at IS NULL AND (g.owner IS NULL OR g.owner = $8))
UNION ALL
SELECT 'projects', 'projects/' || x::text
FROM unnest($2::uuid[]) AS x
WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x)
UNION ALL
SELECT 'projects', 'projects/' || r.p::text || '/editions/' || r.e::text
FROM unnest($3::uuid[], $4::uuid[]) AS r (p, e)
WHERE NOT EXISTS (SELECT 1 FROM editions e WHERE e.id = r.e AND e.project_id = r.p)
UNION ALL
SELECT 'competitor_exhibitions', 'competitorExhibitions/' || x::text
FROM unnest($5::uuid[]) AS x
WHERE NOT EXISTS (SELECT 1 FROM competitor_exhibitions ce WHERE ce.id = x)
UNION ALL
SELECT 'curators', 'employees/' || x::text
FROM unnest($6::uuid[]) AS x
WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.id = x)
UNION ALL
SELECT 'curator_projects', 'projects/' || x::text
FROM unnest($7::uuid[]) AS x
WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x);
