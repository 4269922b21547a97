-- Redirects: a client's request handed to another employee or a department's queue.

CREATE TABLE redirects (
  id               uuid        PRIMARY KEY,
  client_id        uuid        NOT NULL REFERENCES clients (id),
  from_employee_id uuid        NOT NULL,
  -- Exactly one addressee: an employee or a department (as the employees projection names it).
  to_employee_id   uuid,
  to_department    text,
  deadline         timestamptz NOT NULL,
  goal             text        NOT NULL CHECK (goal <> ''),
  responsible_id   uuid,
  status           text        NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE', 'DECLINED')),
  status_comment   text        NOT NULL DEFAULT '',
  contact_id       uuid        REFERENCES contacts (id),
  version          bigint      NOT NULL DEFAULT 1,
  request_id       text        UNIQUE,
  create_time      timestamptz NOT NULL,
  update_time      timestamptz NOT NULL,
  CHECK ((to_employee_id IS NULL) <> (to_department IS NULL)),
  CHECK (status <> 'DECLINED' OR status_comment <> '')
);
-- The boxes, each ordered by (deadline, id).
CREATE INDEX redirects_sent ON redirects (from_employee_id, deadline, id);
CREATE INDEX redirects_to_employee ON redirects (to_employee_id, deadline, id)
  WHERE to_employee_id IS NOT NULL;
CREATE INDEX redirects_responsible ON redirects (responsible_id, deadline, id)
  WHERE responsible_id IS NOT NULL;
CREATE INDEX redirects_to_department ON redirects (to_department, deadline, id)
  WHERE to_department IS NOT NULL;
CREATE INDEX redirects_by_client ON redirects (client_id);
