-- Registry's deletions in planning's copy (crm.registry.client.deleted / undeleted,
-- contact_person.deleted / undeleted): a deleted client takes no new tasks, redirects or sales,
-- a deleted contact person is named on no new task; what exists stays visible. The mark has its
-- own ce-time, `deleted_event_time`, apart from the snapshot's `event_time`: a deletion changes
-- no requisite, so a late, older client.updated still updates the requisites of a deleted
-- client, and a late, older deletion never overrides a newer undeletion.
ALTER TABLE clients
  ADD COLUMN deleted            boolean NOT NULL DEFAULT false,
  ADD COLUMN deleted_event_time timestamptz;

ALTER TABLE contact_persons
  ADD COLUMN deleted            boolean NOT NULL DEFAULT false,
  ADD COLUMN deleted_event_time timestamptz;

-- Project names as crm.registry.project.updated announces them. The editions keep their own copy
-- of their project's name (editions.project_display_name, carried by every edition event); a
-- rename writes it there, and an edition event older than the latest rename takes the name from
-- here instead of its own.
CREATE TABLE projects (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL,
  event_time   timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX editions_by_project ON editions (project_id);
