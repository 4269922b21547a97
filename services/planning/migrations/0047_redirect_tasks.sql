-- A redirect is a task: the responsible person's calendar task (a planned contact) for it, and
-- the result that task was completed with. A redirect's task is about a client, not always about
-- an exhibition: a contact may now have no edition (then it records no sale until one is set).

ALTER TABLE contacts ALTER COLUMN project_id DROP NOT NULL;
ALTER TABLE contacts ALTER COLUMN edition_id DROP NOT NULL;
ALTER TABLE contacts ADD CONSTRAINT contacts_edition_project_check
  CHECK ((project_id IS NULL) = (edition_id IS NULL));

ALTER TABLE redirects
  -- The open or completed task of the responsible person; NULL in a department's queue and after
  -- the task was cancelled.
  ADD COLUMN task_id uuid REFERENCES contacts (id),
  -- The crm.planning.v1.ContactResult the task was completed with, as canonical JSON.
  ADD COLUMN result  jsonb;
CREATE UNIQUE INDEX redirects_by_task ON redirects (task_id) WHERE task_id IS NOT NULL;
