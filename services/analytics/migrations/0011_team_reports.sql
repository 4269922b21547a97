-- What the project-team report adds to the projection: each project's team
-- (crm.registry.project_team.member_set / .member_removed). A removed member stays, marked, so a
-- late member_set older than the removal (by ce-time) does not bring them back.
CREATE TABLE project_team_members (
  project     text    NOT NULL,  -- "projects/{project}"
  employee_id uuid    NOT NULL,
  -- "lead", "sales_manager", "coordinator" or "analyst".
  role        text    NOT NULL DEFAULT '',
  removed     boolean NOT NULL DEFAULT false,
  event_time  timestamptz,
  PRIMARY KEY (project, employee_id)
);
