-- The clients' curators as registry announces them (crm.registry.curator.assigned / ended,
-- curators.reassigned): a sales manager writes readiness, the lead source and ratings only for the
-- clients they curate now, the rule registry applies to its own client edits. One row per term;
-- a term is current until it ends or a later term of the same client, project and contact person
-- replaces it.
CREATE TABLE curators (
  id                uuid        PRIMARY KEY,
  client_id         uuid        NOT NULL,
  project_id        uuid        NOT NULL,
  -- NULL: the client as a whole; otherwise one of its contact persons.
  contact_person_id uuid,
  employee_id       uuid        NOT NULL,
  start_time        timestamptz NOT NULL,
  ended             boolean     NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
-- "Does X curate Y now" and the replacement of a term by the next one of its key.
CREATE INDEX curators_current_by_client ON curators (client_id, employee_id) WHERE NOT ended;
CREATE INDEX curators_by_key ON curators (client_id, project_id, contact_person_id, start_time);
