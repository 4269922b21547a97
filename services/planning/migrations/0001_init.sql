-- Planning's own schema: a projection of the registry data it needs (fed only by registry
-- events), the managers' contacts and the sales their results record.
--
-- Conventions: money is bigint kopecks, area is bigint dm² (1 m² = 100 dm²), times are
-- timestamptz. Resource names are rebuilt from the uuid columns.

-- ---------------------------------------------------------------------------------------------
-- Registry projection. Rows are upserted by the "planning-registry" consumer and never deleted:
-- contacts and sales reference them. `event_time` is the ce-time of the event that wrote the
-- row; an older event arriving after a newer one (a retried delivery) does not overwrite it.
-- No foreign keys between projection tables: events of different aggregates may arrive in any
-- order (a contact person before its client after a retry).
-- ---------------------------------------------------------------------------------------------

CREATE TABLE clients (
  id            uuid        PRIMARY KEY,
  display_name  text        NOT NULL DEFAULT '',
  legal_name    text        NOT NULL DEFAULT '',
  inn           text        NOT NULL DEFAULT '',
  kpp           text        NOT NULL DEFAULT '',
  ogrn          text        NOT NULL DEFAULT '',
  legal_address text        NOT NULL DEFAULT '',
  phone         text        NOT NULL DEFAULT '',
  email         text        NOT NULL DEFAULT '',
  event_time    timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_persons (
  id         uuid        PRIMARY KEY,
  client_id  uuid        NOT NULL,
  full_name  text        NOT NULL DEFAULT '',
  position   text        NOT NULL DEFAULT '',
  phone      text        NOT NULL DEFAULT '',
  email      text        NOT NULL DEFAULT '',
  event_time timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_persons_by_client ON contact_persons (client_id);

CREATE TABLE editions (
  id                   uuid        PRIMARY KEY,
  project_id           uuid        NOT NULL,
  display_name         text        NOT NULL DEFAULT '',
  project_display_name text        NOT NULL DEFAULT '',
  start_date           date,
  end_date             date,
  venue                text        NOT NULL DEFAULT '',
  currency_code        text        NOT NULL,
  price_per_m2         bigint      NOT NULL CHECK (price_per_m2 >= 0),
  event_time           timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employees (
  id         uuid        PRIMARY KEY,
  full_name  text        NOT NULL DEFAULT '',
  email      text        NOT NULL DEFAULT '',
  department text        NOT NULL DEFAULT '',
  event_time timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Contacts: planned, then completed exactly once with a formal result.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE contacts (
  id                uuid        PRIMARY KEY,
  client_id         uuid        NOT NULL REFERENCES clients (id),
  contact_person_id uuid        REFERENCES contact_persons (id),
  -- The edition's project, kept so the edition's resource name needs no join.
  project_id        uuid        NOT NULL,
  edition_id        uuid        NOT NULL REFERENCES editions (id),
  type              text        NOT NULL CHECK (type IN ('CALL', 'MEETING', 'EMAIL', 'LETTER')),
  purpose           text        NOT NULL CHECK (purpose <> ''),
  scheduled_time    timestamptz NOT NULL,
  -- "employees/{owner_id}": the responsible manager (not a foreign key: the projection may not
  -- have the employee yet when the manager plans for themself).
  owner_id          uuid        NOT NULL,
  state             text        NOT NULL CHECK (state IN ('PLANNED', 'COMPLETED')),
  -- The whole crm.planning.v1.ContactResult as canonical JSON, and its kind for querying.
  result            jsonb,
  result_kind       text        CHECK (result_kind IN ('sale', 'refusal', 'reschedule', 'note')),
  complete_time     timestamptz,
  -- Set on a follow-up planned by a reschedule.
  rescheduled_from  uuid        UNIQUE REFERENCES contacts (id),
  -- Idempotency key of the PlanContact call that created the row.
  request_id        text        UNIQUE,
  create_time       timestamptz NOT NULL,
  CHECK ((state = 'PLANNED' AND result IS NULL AND result_kind IS NULL AND complete_time IS NULL)
      OR (state = 'COMPLETED' AND result IS NOT NULL AND result_kind IS NOT NULL
          AND complete_time IS NOT NULL))
);
-- ListContacts keysets: by (scheduled_time, id), optionally for one owner.
CREATE INDEX contacts_by_schedule ON contacts (scheduled_time, id);
CREATE INDEX contacts_by_owner_schedule ON contacts (owner_id, scheduled_time, id);
CREATE INDEX contacts_by_client ON contacts (client_id);
CREATE INDEX contacts_by_result_kind ON contacts (result_kind, complete_time)
  WHERE result_kind IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Sales: one per contact completed with a sale result. Amounts are fixed at the sale: a later
-- change of the edition's price or of the VAT rate does not touch them.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE sales (
  id            uuid        PRIMARY KEY,
  contact_id    uuid        NOT NULL UNIQUE REFERENCES contacts (id),
  client_id     uuid        NOT NULL REFERENCES clients (id),
  project_id    uuid        NOT NULL,
  edition_id    uuid        NOT NULL REFERENCES editions (id),
  manager_id    uuid        NOT NULL,
  area_dm2      bigint      NOT NULL CHECK (area_dm2 > 0),
  stand_number  text        NOT NULL DEFAULT '',
  currency_code text        NOT NULL,
  price_per_m2  bigint      NOT NULL CHECK (price_per_m2 >= 0),
  net_amount    bigint      NOT NULL,
  vat_rate_bp   integer     NOT NULL CHECK (vat_rate_bp >= 0),
  vat_amount    bigint      NOT NULL,
  total_amount  bigint      NOT NULL,
  sale_time     timestamptz NOT NULL,
  CHECK (total_amount = net_amount + vat_amount)
);
-- ListSales keysets: by (sale_time, id), optionally for one manager.
CREATE INDEX sales_by_time ON sales (sale_time, id);
CREATE INDEX sales_by_manager_time ON sales (manager_id, sale_time, id);
