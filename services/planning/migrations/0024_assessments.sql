-- Managers' assessments of clients: readiness to buy per edition, lead source, the client's
-- ratings. Each is a history of records; the current value is the latest one.

CREATE TABLE readiness_changes (
  id          uuid        PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES clients (id),
  project_id  uuid        NOT NULL,
  edition_id  uuid        NOT NULL REFERENCES editions (id),
  level       text        NOT NULL CHECK (level IN ('COLD', 'COOL', 'WARM', 'HOT')),
  comment     text        NOT NULL DEFAULT '',
  recorded_by text        NOT NULL,
  record_time timestamptz NOT NULL
);
CREATE INDEX readiness_changes_by_client ON readiness_changes (client_id, record_time DESC, id DESC);

CREATE TABLE lead_source_changes (
  id          uuid        PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES clients (id),
  source      text        NOT NULL,
  detail      text        NOT NULL DEFAULT '',
  recorded_by text        NOT NULL,
  record_time timestamptz NOT NULL
);
CREATE INDEX lead_source_changes_by_client ON lead_source_changes (client_id, record_time DESC, id DESC);

CREATE TABLE ratings (
  id          uuid        PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES clients (id),
  target      text        NOT NULL CHECK (target IN ('MANAGER', 'PROJECT', 'COMPANY')),
  -- employees/{id} for MANAGER, projects/{id} for PROJECT, '' for COMPANY.
  subject     text        NOT NULL DEFAULT '',
  score       integer     NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     text        NOT NULL DEFAULT '',
  recorded_by text        NOT NULL,
  record_time timestamptz NOT NULL
);
CREATE INDEX ratings_by_client ON ratings (client_id, record_time DESC, id DESC);
