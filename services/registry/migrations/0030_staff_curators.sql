-- The staff directory grows roles, a status and versions; curators assign a manager to a client
-- per project, keeping every term ever held.

-- System roles an identity provider puts into the employee's tokens; an employee who left keeps
-- the row (their history points at it) but curates nobody.
ALTER TABLE employees
  ADD COLUMN roles      text[]      NOT NULL DEFAULT '{}'
    CHECK (roles <@ ARRAY['sales_manager', 'sales_head', 'analyst', 'accountant', 'admin']),
  ADD COLUMN status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  ADD COLUMN left_at    timestamptz,
  ADD COLUMN version    integer     NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by text        NOT NULL DEFAULT '';

-- One row per curator term. The current term of a (client, project, contact person) is the one
-- with ended_at NULL; ended terms are the history and are never deleted.
CREATE TABLE curators (
  id                uuid        PRIMARY KEY,
  -- Creation order: lists page by it.
  seq               bigserial   UNIQUE,
  client_id         uuid        NOT NULL REFERENCES clients (id),
  project_id        uuid        NOT NULL REFERENCES projects (id),
  -- NULL: the client as a whole; otherwise one of the client's contact persons.
  contact_person_id uuid        REFERENCES contact_persons (id),
  employee_id       uuid        NOT NULL REFERENCES employees (id),
  started_at        timestamptz NOT NULL DEFAULT now(),
  assigned_by       text        NOT NULL,
  ended_at          timestamptz,
  ended_by          text,
  -- replaced, ended or employee_left
  end_reason        text        CHECK (end_reason IN ('replaced', 'ended', 'employee_left')),
  -- The term this one took over from, for a reassignment.
  succeeds          uuid        REFERENCES curators (id),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- At most one current curator per client, project and contact person (NULL counted as one).
CREATE UNIQUE INDEX curators_one_current ON curators
  (client_id, project_id, coalesce(contact_person_id, '00000000-0000-0000-0000-000000000000'))
  WHERE ended_at IS NULL;
-- "Does X curate Y" and an employee's clients read the current terms by employee.
CREATE INDEX curators_current_by_employee ON curators (employee_id, seq) WHERE ended_at IS NULL;
CREATE INDEX curators_current_by_client_employee ON curators (client_id, employee_id)
  WHERE ended_at IS NULL;
-- A client's terms in the order they began.
CREATE INDEX curators_by_client ON curators (client_id, seq);
