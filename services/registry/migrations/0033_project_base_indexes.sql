-- Client filters by curator and the client base of a project read curators and target groups
-- from the project side.

-- "Clients with a current curator in project P" (ListProjectClients, ClientFilter
-- curator_projects).
CREATE INDEX curators_current_by_project ON curators (project_id, client_id)
  WHERE ended_at IS NULL;
-- The projects a target group is linked to (a group cannot be deleted from under its projects
-- unnoticed, and the filters read links by group).
CREATE INDEX project_target_groups_by_group ON project_target_groups (group_id, project_id);
