-- Project teams (crm.registry.project_team.*, migration 0011) and what the sales report by
-- project team reads beside the edition-grouped sections of sales_report.sql: the edition's
-- team is its project's.

-- name: analytics_upsert_team_member
-- $1 project, $2 employee id, $3 role ("" keeps the row's), $4 removed, $5 the event's ce-time or
-- NULL: an older event does not overwrite a newer one, so a replay or a late member_set leaves
-- the latest state.
INSERT INTO project_team_members (project, employee_id, role, removed, event_time)
VALUES ($1, $2, $3, $4, $5::timestamptz)
ON CONFLICT (project, employee_id) DO UPDATE
SET role = CASE WHEN EXCLUDED.role = '' THEN project_team_members.role ELSE EXCLUDED.role END,
    removed = EXCLUDED.removed, event_time = EXCLUDED.event_time
WHERE project_team_members.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= project_team_members.event_time;

-- fragment: reached_completed_contacts
-- Completed contacts `c` (with their owner `e`) of both periods, with the report's filters and
-- over the caller's reach: $1 previous start, $3 end (exclusive), $4 edition or NULL,
-- $5 department or NULL (the owner's now), $6 all, $7 owner or NULL, $8 owner department or NULL.
contacts c
LEFT JOIN employees e ON e.id = c.owner_id
WHERE c.state = 'completed'
  AND c.complete_time >= $1::timestamptz AND c.complete_time < $3::timestamptz
  AND ($4::text IS NULL OR c.edition = $4::text)
  AND ($5::uuid IS NULL OR e.department_id = $5::uuid)
  AND ($6::boolean OR c.owner_id = $7::uuid
       OR ($8::uuid IS NOT NULL AND e.department_id = $8::uuid))

-- name: analytics_team_report_clients
-- $1 previous start, $2 current start, $3 end (exclusive), $4 edition or NULL, $5 department or
-- NULL, $6 all, $7 owner or NULL, $8 owner department or NULL (as analytics_sales_report_contacts):
-- distinct clients with a completed contact per period and team ("" for no edition). The
-- edition rows add up to a team's contacts but not to its clients.
SELECT c.complete_time >= $2::timestamptz AS current,
       coalesce(substring(c.edition FROM '^(projects/[^/]+)/editions/'), '') AS key,
       count(DISTINCT c.client_id) AS clients
FROM :reached_completed_contacts
GROUP BY 1, 2;

-- name: analytics_team_names
-- $1 text[] of "projects/{project}": each project's name as its latest edition event tells it.
SELECT DISTINCT ON (project) project AS key, project_display_name AS name
FROM editions
WHERE project = ANY($1::text[]) AND project_display_name <> ''
ORDER BY project, event_time DESC NULLS LAST;

-- name: analytics_team_members
-- $1 text[] of "projects/{project}": their teams now, by name.
SELECT t.project, 'employees/' || t.employee_id AS employee,
       coalesce(e.full_name, '') AS display_name, t.role
FROM project_team_members t
LEFT JOIN employees e ON e.id = t.employee_id
WHERE NOT t.removed AND t.project = ANY($1::text[])
ORDER BY t.project, display_name, employee;
