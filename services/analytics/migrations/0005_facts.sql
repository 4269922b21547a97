-- The facts plans, the forecast and the edition, department and market reports are computed
-- from: which edition and client each sale and contact is for, the department a sale counts
-- for, the editions themselves (opening dates for "weeks before the show") and every readiness
-- assessment (the forecast learns conversion by the level a client held).

-- Editions, from crm.registry.edition.created and .updated, and from the snapshot in a sale
-- when the edition's own events have not been seen.
CREATE TABLE editions (
  name                 text PRIMARY KEY,  -- "projects/{project}/editions/{edition}"
  project              text NOT NULL,     -- "projects/{project}"
  display_name         text NOT NULL,
  project_display_name text NOT NULL DEFAULT '',
  start_date           date,
  end_date             date,
  -- "planned", "open_for_sales", "running", "closed" or "cancelled"; "" until an update tells.
  status               text NOT NULL DEFAULT '',
  event_time           timestamptz
);
CREATE INDEX editions_by_project ON editions (project, start_date);

-- A sale's edition and client. `department_id` is the department unit its manager was in when
-- the sale was recorded: a sale counts for the department that made it, and a later move of the
-- manager does not take it along.
ALTER TABLE sales ADD COLUMN edition text NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN client_id uuid;
ALTER TABLE sales ADD COLUMN department_id uuid;
CREATE INDEX sales_by_edition ON sales (edition, sale_time);
CREATE INDEX sales_by_department ON sales (department_id, sale_time)
  WHERE department_id IS NOT NULL;

-- A contact's client and edition ("" when the contact is for no edition).
ALTER TABLE contacts ADD COLUMN client_id uuid;
ALTER TABLE contacts ADD COLUMN edition text NOT NULL DEFAULT '';

-- Every readiness assessment (crm.planning.readiness.changed), kept as history.
CREATE TABLE readiness_changes (
  client_id   uuid        NOT NULL,
  edition     text        NOT NULL,
  -- The ReadinessLevel enum name, e.g. "READINESS_LEVEL_HOT".
  level       text        NOT NULL,
  record_time timestamptz NOT NULL,
  recorded_by text        NOT NULL DEFAULT '',
  PRIMARY KEY (client_id, edition, record_time)
);
CREATE INDEX readiness_changes_by_edition ON readiness_changes (edition, record_time);
