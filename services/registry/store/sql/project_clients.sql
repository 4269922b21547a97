-- The client base of an exhibition project (store/project_base_store.cpp).

-- name: project_clients_list
-- The client base of project $19 (its rows in project_base, migration 0068: clients in its live
-- target groups, participants of its editions and clients with a current curator in it); the live
-- ones matching the client filter ($1..$18, bound from ClientFilterParameters; see
-- store/client_filter.h), by (display_name, id) after ($20, $21), at most $22, read from the
-- base's index in that order. The page is cut first; what ties each of its clients to the
-- project is read for that page only (its target groups are on its row; the clients themselves
-- come from clients_by_ids):
-- target_group_ids and curator_ids are comma-separated ids (NULL for none); participations are
-- "edition:project:year:area_dm2", comma-separated, newest first (NULL for none);
-- total_area_dm2 is their sum.
WITH page AS (
  SELECT c.*, b.target_groups
  FROM project_base b JOIN clients c ON c.id = b.client_id
  WHERE b.project_id = $19::uuid AND b.client_live
    AND c.deleted_at IS NULL
    AND :client_filter
    AND (b.display_name, b.client_id) > ($20, $21::uuid)
  ORDER BY b.display_name, b.client_id
  LIMIT $22)
SELECT c.id::text AS id, c.display_name,
       (SELECT string_agg(g::text, ',' ORDER BY g) FROM unnest(c.target_groups) g)
       AS target_group_ids,
       (SELECT string_agg(e.id::text || ':' || e.project_id::text || ':' || pa.year || ':'
                          || pa.area_dm2, ',' ORDER BY pa.year DESC, e.id)
        FROM participations pa JOIN editions e ON e.id = pa.edition_id
        WHERE pa.client_id = c.id AND e.project_id = $19::uuid) AS participations,
       (SELECT coalesce(sum(pa.area_dm2), 0)::bigint
        FROM participations pa JOIN editions e ON e.id = pa.edition_id
        WHERE pa.client_id = c.id AND e.project_id = $19::uuid) AS total_area_dm2,
       (SELECT string_agg(DISTINCT cu.employee_id::text, ',')
        FROM curators cu
        WHERE cu.client_id = c.id AND cu.project_id = $19::uuid AND cu.ended_at IS NULL)
       AS curator_ids
FROM page c
ORDER BY c.display_name, c.id;

-- name: project_clients_count
-- How many clients of the base of project $19 match the client filter ($1..$18): the rows of
-- every page of project_clients_list together. $20 false when the filter has no condition: then
-- the EXISTS folds away (the statement is planned for its values) and the count reads only the
-- base's index.
SELECT count(*) AS total
FROM project_base b
WHERE b.project_id = $19::uuid AND b.client_live
  AND (NOT $20::boolean
       OR EXISTS (SELECT 1 FROM clients c
                  WHERE c.id = b.client_id AND c.deleted_at IS NULL
                    AND :client_filter));
