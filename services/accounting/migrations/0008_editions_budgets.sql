-- Project budgets (services/accounting/README.md, "Budgets").
--
-- Registry's editions as accounting needs them, kept by crm.registry.edition.created/updated (the
-- consumer accounting-editions): name, dates and the price list, for plans priced from the price
-- list and for what is due before an edition opens.
CREATE TABLE editions (
  name                 text        PRIMARY KEY,  -- "projects/{p}/editions/{e}"
  display_name         text        NOT NULL,
  project_display_name text        NOT NULL,
  start_date           date,
  end_date             date,
  venue                text        NOT NULL,
  -- The base price per m² (kopecks, without VAT); NULL when registry gave none.
  price_per_m2_kopecks bigint      CHECK (price_per_m2_kopecks >= 0),
  -- The price per m² of each stand type: {"corner": 1100000, ...}; edition.created carries none.
  stand_prices         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- ce-time of the event that wrote the row: an older event never overwrites a newer one.
  event_time           timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- An edition's plan: one row once a plan was saved, its version the etag.
CREATE TABLE budgets (
  edition     text        PRIMARY KEY,  -- "projects/{p}/editions/{e}"
  version     bigint      NOT NULL CHECK (version > 0),
  updated_by  text        NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now()
);

-- The plan's lines, replaced as a whole on each save.
CREATE TABLE budget_plan_lines (
  edition        text    NOT NULL REFERENCES budgets (edition),
  position       integer NOT NULL CHECK (position >= 0),
  kind           text    NOT NULL CHECK (kind IN ('area', 'other_income', 'cost')),
  month          date    NOT NULL CHECK (extract(day FROM month) = 1),
  stand_type     text    NOT NULL DEFAULT '',
  area_dm2       bigint  NOT NULL DEFAULT 0 CHECK (area_dm2 >= 0),
  -- area: the price per m² in kopecks (as given, or from the price list when saved).
  price_kopecks  bigint  NOT NULL DEFAULT 0 CHECK (price_kopecks >= 0),
  -- Without VAT; area: area × price.
  amount_kopecks bigint  NOT NULL CHECK (amount_kopecks >= 0),
  article        text    NOT NULL DEFAULT '',
  description    text    NOT NULL DEFAULT '',
  PRIMARY KEY (edition, position)
);

-- Costs incurred, entered through the API.
CREATE TABLE budget_costs (
  id             uuid        PRIMARY KEY,
  edition        text        NOT NULL,
  month          date        NOT NULL CHECK (extract(day FROM month) = 1),
  article        text        NOT NULL,
  amount_kopecks bigint      NOT NULL CHECK (amount_kopecks > 0),
  description    text        NOT NULL,
  entered_by     text        NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX budget_costs_of_edition ON budget_costs (edition, month);
