-- The client registry: clients with their change history, contact persons, exhibition projects
-- with their editions, and the staff directory.

-- Trigram indexes make "find a client by a fragment of its name" fast at any size of the base.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE clients (
  id            uuid        PRIMARY KEY,
  display_name  text        NOT NULL CHECK (display_name <> ''),
  legal_name    text        NOT NULL CHECK (legal_name <> ''),
  inn           text        NOT NULL CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
  -- '' for a sole trader (12-digit INN), so (inn, kpp) is one unique key for both kinds.
  kpp           text        NOT NULL DEFAULT '',
  ogrn          text        NOT NULL DEFAULT '',
  legal_address text        NOT NULL DEFAULT '',
  phone         text        NOT NULL DEFAULT '',
  email         text        NOT NULL DEFAULT '',
  -- Bumped by every change; the etag and the history are keyed by it.
  version       integer     NOT NULL DEFAULT 1,
  -- The idempotency key of the create request; NULL when the caller gave none.
  request_id    text        UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text        NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text        NOT NULL,
  CONSTRAINT clients_kpp_only_for_legal_entities CHECK ((length(inn) = 10) = (kpp <> '')),
  -- One client per INN and KPP: the database, not a read-then-insert, rejects a duplicate.
  CONSTRAINT clients_inn_kpp_unique UNIQUE (inn, kpp)
);
-- Lists and search results are ordered by display name (keyset pagination on (name, id)).
CREATE INDEX clients_by_display_name ON clients (display_name, id);
CREATE INDEX clients_display_name_trgm ON clients USING gin (display_name gin_trgm_ops);
CREATE INDEX clients_legal_name_trgm ON clients USING gin (legal_name gin_trgm_ops);

-- Every version of every client as it was written: who, when, the full record. Updates and
-- merges add rows here; nothing a user entered is ever lost.
CREATE TABLE client_history (
  id          bigserial   PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES clients (id),
  version     integer     NOT NULL,
  -- "created" today; "updated", "merged", ... as those operations arrive.
  change      text        NOT NULL,
  changed_by  text        NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  request_id  text        NOT NULL DEFAULT '',
  -- The client resource (crm.registry.v1.Client as canonical JSON) after the change.
  snapshot    jsonb       NOT NULL,
  UNIQUE (client_id, version)
);

CREATE TABLE contact_persons (
  id          uuid        PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES clients (id),
  full_name   text        NOT NULL CHECK (full_name <> ''),
  position    text        NOT NULL DEFAULT '',
  phone       text        NOT NULL DEFAULT '',
  email       text        NOT NULL DEFAULT '',
  request_id  text        UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL
);
CREATE INDEX contact_persons_by_client ON contact_persons (client_id, full_name, id);

CREATE TABLE projects (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL CHECK (display_name <> ''),
  description  text        NOT NULL DEFAULT '',
  request_id   text        UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text        NOT NULL
);
CREATE INDEX projects_by_display_name ON projects (display_name, id);

CREATE TABLE editions (
  id                 uuid        PRIMARY KEY,
  project_id         uuid        NOT NULL REFERENCES projects (id),
  display_name       text        NOT NULL CHECK (display_name <> ''),
  start_date         date        NOT NULL,
  end_date           date        NOT NULL,
  venue              text        NOT NULL DEFAULT '',
  -- Price of one square metre of stand space excluding VAT, in kopecks.
  price_per_m2_minor bigint      NOT NULL CHECK (price_per_m2_minor > 0),
  price_currency     text        NOT NULL DEFAULT 'RUB' CHECK (price_currency = 'RUB'),
  request_id         text        UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text        NOT NULL,
  CHECK (start_date <= end_date)
);
CREATE INDEX editions_by_project ON editions (project_id, start_date, id);

CREATE TABLE employees (
  id          uuid        PRIMARY KEY,
  full_name   text        NOT NULL CHECK (full_name <> ''),
  email       text        NOT NULL CHECK (email <> ''),
  department  text        NOT NULL DEFAULT '',
  request_id  text        UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL
);
-- An e-mail address identifies one member of staff, whatever its letter case.
CREATE UNIQUE INDEX employees_email_unique ON employees (lower(email));
CREATE INDEX employees_by_full_name ON employees (full_name, id);
