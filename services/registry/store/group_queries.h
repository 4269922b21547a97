#pragma once

#include <vector>

#include "common/db/pool.h"

// Client groups and their members: every statement of group_store.cpp. $owner parameters are the
// caller's principal subject: personal groups of anyone else are never read.
namespace crm::registry {

// id, display_name, description, kind, owner ('' when shared), member count, created (µs),
// updated (µs), deleted (µs or NULL), version
#define CRM_REGISTRY_GROUP_COLUMNS                                             \
  " g.id::text, g.display_name, g.description, g.kind, coalesce(g.owner, '')," \
  " (SELECT count(*) FROM client_group_members m WHERE m.group_id = g.id),"    \
  " (extract(epoch FROM g.created_at) * 1000000)::bigint,"                     \
  " (extract(epoch FROM g.updated_at) * 1000000)::bigint,"                     \
  " (extract(epoch FROM g.deleted_at) * 1000000)::bigint, g.version "

inline const std::vector<common::db::NamedQuery> kGroupQueries = {
    {"group_insert",
     "WITH g AS (INSERT INTO client_groups (id, display_name, description, kind, owner,"
     " created_by, updated_by)"
     " VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), $6, $6) RETURNING *)"
     " SELECT" CRM_REGISTRY_GROUP_COLUMNS "FROM g"},
    {"group_get", "SELECT" CRM_REGISTRY_GROUP_COLUMNS "FROM client_groups g WHERE g.id = $1::uuid"},
    {"group_get_for_update",
     "SELECT" CRM_REGISTRY_GROUP_COLUMNS "FROM client_groups g WHERE g.id = $1::uuid"
     " FOR UPDATE OF g"},
    {"group_update",
     "UPDATE client_groups g SET display_name = $2, description = $3, version = version + 1,"
     " updated_at = now(), updated_by = $4 WHERE g.id = $1::uuid"
     " RETURNING" CRM_REGISTRY_GROUP_COLUMNS},
    {"group_delete",
     "UPDATE client_groups g SET deleted_at = now(), version = version + 1, updated_at = now(),"
     " updated_by = $2 WHERE g.id = $1::uuid RETURNING" CRM_REGISTRY_GROUP_COLUMNS},
    // Live groups the caller ($1) may see, of kind $2 ('' for all), by (display_name, id).
    {"groups_list", "SELECT" CRM_REGISTRY_GROUP_COLUMNS "FROM client_groups g"
                    " WHERE g.deleted_at IS NULL AND (g.owner IS NULL OR g.owner = $1)"
                    " AND ($2 = '' OR g.kind = $2) AND (g.display_name, g.id) > ($3, $4::uuid)"
                    " ORDER BY g.display_name, g.id LIMIT $5"},
    {"client_groups_list",
     "SELECT" CRM_REGISTRY_GROUP_COLUMNS
     "FROM client_group_members cm JOIN client_groups g ON g.id = cm.group_id"
     " WHERE cm.client_id = $1::uuid AND g.deleted_at IS NULL"
     " AND (g.owner IS NULL OR g.owner = $2) AND (g.display_name, g.id) > ($3, $4::uuid)"
     " ORDER BY g.display_name, g.id LIMIT $5"},

    // Members. $2 is a uuid[] of clients.
    {"clients_missing",
     "SELECT wanted::text FROM unnest($1::uuid[]) AS wanted"
     " WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = wanted) LIMIT 1"},
    {"group_members_add",
     "INSERT INTO client_group_members (group_id, client_id, added_by)"
     " SELECT $1::uuid, wanted, $3 FROM unnest($2::uuid[]) AS wanted"
     " ON CONFLICT DO NOTHING"},
    {"group_members_remove",
     "DELETE FROM client_group_members WHERE group_id = $1::uuid AND client_id = ANY($2::uuid[])"},
    {"group_member_count", "SELECT count(*) FROM client_group_members WHERE group_id = $1::uuid"},
    // id, display_name, inn, added (µs) by (display_name, id); deleted clients when $5.
    {"group_members_list",
     "SELECT c.id::text, c.display_name, c.inn, (extract(epoch FROM m.added_at) * 1000000)::bigint"
     " FROM client_group_members m JOIN clients c ON c.id = m.client_id"
     " WHERE m.group_id = $1::uuid AND (c.display_name, c.id) > ($2, $3::uuid)"
     " AND (c.deleted_at IS NULL OR $5::boolean)"
     " ORDER BY c.display_name, c.id LIMIT $4"},

    // Projects' target groups. The live groups linked to project $1, by (display_name, id).
    {"project_target_groups_list",
     "SELECT" CRM_REGISTRY_GROUP_COLUMNS
     "FROM project_target_groups t JOIN client_groups g ON g.id = t.group_id"
     " WHERE t.project_id = $1::uuid AND g.deleted_at IS NULL"
     " AND (g.display_name, g.id) > ($2, $3::uuid) ORDER BY g.display_name, g.id LIMIT $4"},
    // (group id, problem) of each of $1 that cannot be a target group: missing (also deleted, or
    // another's personal group: $2 is the caller), personal, or of another kind.
    {"target_group_problems",
     "SELECT x::text, CASE WHEN g.id IS NULL OR g.deleted_at IS NOT NULL"
     " OR (g.owner IS NOT NULL AND g.owner <> $2) THEN 'missing'"
     " WHEN g.owner IS NOT NULL THEN 'personal' ELSE 'kind' END"
     " FROM unnest($1::uuid[]) WITH ORDINALITY AS w (x, n) LEFT JOIN client_groups g ON g.id = x"
     " WHERE g.id IS NULL OR g.deleted_at IS NOT NULL OR g.owner IS NOT NULL"
     " OR g.kind <> 'target_group' ORDER BY n"},
    // The links of project $1 to groups not in $2 go; returns their group ids.
    {"project_target_groups_unlink",
     "DELETE FROM project_target_groups WHERE project_id = $1::uuid"
     " AND NOT (group_id = ANY ($2::uuid[])) RETURNING group_id::text"},
    // Project $1 links the groups $2 it is not linked to yet; returns their ids.
    {"project_target_groups_link",
     "INSERT INTO project_target_groups (project_id, group_id, linked_by)"
     " SELECT $1::uuid, x, $3 FROM unnest($2::uuid[]) AS x ON CONFLICT DO NOTHING"
     " RETURNING group_id::text"},
};

#undef CRM_REGISTRY_GROUP_COLUMNS

}  // namespace crm::registry
