#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/client_filter.h"

// Statements of the organisation side that reach across areas: the references a client filter
// names, group membership by filter and projects' client base.
namespace crm::registry {

inline const std::vector<common::db::NamedQuery> kOrganisationQueries = {
    // (field, resource name) of every name a client filter gives that names nothing: $1 groups
    // (live and visible to $8), $2 projects, ($3, $4) editions with their projects,
    // $5 competitor exhibitions, $6 curator employees, $7 curator projects.
    {"client_filter_unknown_references",
     "SELECT 'groups', 'groups/' || x::text FROM unnest($1::uuid[]) AS x"
     " WHERE NOT EXISTS (SELECT 1 FROM client_groups g WHERE g.id = x AND g.deleted_at IS NULL"
     " AND (g.owner IS NULL OR g.owner = $8))"
     " UNION ALL SELECT 'projects', 'projects/' || x::text FROM unnest($2::uuid[]) AS x"
     " WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x)"
     " UNION ALL SELECT 'projects', 'projects/' || r.p::text || '/editions/' || r.e::text"
     " FROM unnest($3::uuid[], $4::uuid[]) AS r (p, e)"
     " WHERE NOT EXISTS (SELECT 1 FROM editions e WHERE e.id = r.e AND e.project_id = r.p)"
     " UNION ALL SELECT 'competitor_exhibitions', 'competitorExhibitions/' || x::text"
     " FROM unnest($5::uuid[]) AS x"
     " WHERE NOT EXISTS (SELECT 1 FROM competitor_exhibitions ce WHERE ce.id = x)"
     " UNION ALL SELECT 'curators', 'employees/' || x::text FROM unnest($6::uuid[]) AS x"
     " WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.id = x)"
     " UNION ALL SELECT 'curator_projects', 'projects/' || x::text FROM unnest($7::uuid[]) AS x"
     " WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x)"},

    // Group membership by client filter ($1..$18), one statement each: (clients matched,
    // rows changed, up to $21 changed client ids in id order, comma-separated).
    // $19 the group, $20 the actor; only live clients join.
    {"group_members_add_by_filter",
     "WITH matched AS (SELECT c.id FROM clients c WHERE" CRM_REGISTRY_CLIENT_FILTER_CONDITION
     " AND c.deleted_at IS NULL),"
     " added AS (INSERT INTO client_group_members (group_id, client_id, added_by)"
     " SELECT $19::uuid, id, $20 FROM matched ON CONFLICT DO NOTHING RETURNING client_id)"
     " SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM added),"
     " (SELECT array_to_string((array_agg(client_id ORDER BY client_id))[1:$21::int], ',')"
     " FROM added)"},
    // $19 the group, $20 the sample size; members leave whatever their client's state.
    {"group_members_remove_by_filter",
     "WITH removed AS (DELETE FROM client_group_members m USING clients c"
     " WHERE m.group_id = $19::uuid AND c.id = m.client_id"
     " AND" CRM_REGISTRY_CLIENT_FILTER_CONDITION "RETURNING m.client_id)"
     " SELECT 0::bigint, count(*),"
     " array_to_string((array_agg(client_id ORDER BY client_id))[1:$20::int], ',') FROM removed"},

    // The client base of project $19: clients in its live target groups, participants of its
    // editions and clients with a current curator in it; live ones matching the client filter
    // ($1..$18), by (display_name, id) after ($20, $21), at most $22. The page is cut first;
    // what ties each of its clients to the project is read for that page only (the clients
    // themselves come from clients_by_ids). Columns: 0 id, 1 display_name, 2 target group ids,
    // 3 participations as "edition:project:year:area_dm2" newest first, 4 their total area
    // (dm²), 5 curator employee ids (lists comma-separated).
    {"project_clients_list",
     "WITH base AS ("
     " SELECT m.client_id FROM project_target_groups t"
     " JOIN client_groups g ON g.id = t.group_id AND g.deleted_at IS NULL"
     " JOIN client_group_members m ON m.group_id = t.group_id WHERE t.project_id = $19::uuid"
     " UNION SELECT pa.client_id FROM editions e JOIN participations pa ON pa.edition_id = e.id"
     " WHERE e.project_id = $19::uuid"
     " UNION SELECT cu.client_id FROM curators cu"
     " WHERE cu.project_id = $19::uuid AND cu.ended_at IS NULL),"
     " page AS (SELECT c.* FROM clients c JOIN base b ON b.client_id = c.id"
     " WHERE c.deleted_at IS NULL AND" CRM_REGISTRY_CLIENT_FILTER_CONDITION
     " AND (c.display_name, c.id) > ($20, $21::uuid) ORDER BY c.display_name, c.id LIMIT $22)"
     " SELECT c.id::text, c.display_name,"
     " (SELECT string_agg(t.group_id::text, ',' ORDER BY t.group_id) FROM project_target_groups t"
     " JOIN client_groups g ON g.id = t.group_id AND g.deleted_at IS NULL"
     " JOIN client_group_members m ON m.group_id = t.group_id AND m.client_id = c.id"
     " WHERE t.project_id = $19::uuid),"
     " (SELECT string_agg(e.id::text || ':' || e.project_id::text || ':' || pa.year || ':'"
     " || pa.area_dm2, ',' ORDER BY pa.year DESC, e.id) FROM participations pa"
     " JOIN editions e ON e.id = pa.edition_id WHERE pa.client_id = c.id"
     " AND e.project_id = $19::uuid),"
     " (SELECT coalesce(sum(pa.area_dm2), 0)::bigint FROM participations pa"
     " JOIN editions e ON e.id = pa.edition_id WHERE pa.client_id = c.id"
     " AND e.project_id = $19::uuid),"
     " (SELECT string_agg(DISTINCT cu.employee_id::text, ',') FROM curators cu"
     " WHERE cu.client_id = c.id AND cu.project_id = $19::uuid AND cu.ended_at IS NULL)"
     " FROM page c ORDER BY c.display_name, c.id"},

};

}  // namespace crm::registry
