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

-- Clients' ratings (crm.planning.rating.recorded), each as recorded: a rating is never changed,
-- so a redelivery or a replay inserts nothing new.
CREATE TABLE ratings (
  id          uuid        PRIMARY KEY,
  client_id   uuid        NOT NULL,
  -- The RatingTarget name ("RATING_TARGET_MANAGER", "_PROJECT", "_COMPANY").
  target      text        NOT NULL,
  -- "employees/{uuid}" for a manager, "projects/{uuid}" for a project, "" for the company.
  subject     text        NOT NULL DEFAULT '',
  score       integer     NOT NULL CHECK (score BETWEEN 1 AND 5),
  recorded_by text        NOT NULL DEFAULT '',
  record_time timestamptz NOT NULL
);
CREATE INDEX ratings_by_time ON ratings (record_time);
