-- What the forecast needs beyond the facts of 0005: the stand inventory's history (which stands
-- were held, for whom, when), and the imported history of past editions (the company's seasons
-- before the CRM) that the forecast learns from beside the projected facts.

-- Every change of a stand's state, from crm.planning.stand.held, .sold and .released: whether a
-- stand was held at a moment is its latest change before that moment (a hold also ends at its
-- expire_time). Part of the projection: rebuilt by replaying the stream.
CREATE TABLE stand_changes (
  stand       text        NOT NULL,  -- "projects/{p}/editions/{e}/stands/{s}"
  edition     text        NOT NULL,
  -- "held", "sold" or "released".
  state       text        NOT NULL CHECK (state IN ('held', 'sold', 'released')),
  client      text        NOT NULL DEFAULT '',  -- "clients/{uuid}"; "" when the event has none
  area_dm2    bigint      NOT NULL,
  change_time timestamptz NOT NULL,  -- the event's ce-time
  expire_time timestamptz,           -- a hold's end
  PRIMARY KEY (stand, change_time, state)
);
CREATE INDEX stand_changes_by_edition ON stand_changes (edition, change_time);

-- Imported history, entered through ForecastService.ImportEditionHistory and never written by
-- the consumer: a replay of the stream rebuilds the projection and leaves these tables alone.
-- An import replaces everything of its edition.
CREATE TABLE history_editions (
  name         text PRIMARY KEY,  -- "projects/{project}/editions/{edition}"
  project      text NOT NULL,
  display_name text NOT NULL,
  start_date   date NOT NULL,
  import_time  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE history_readiness (
  edition     text        NOT NULL REFERENCES history_editions (name) ON DELETE CASCADE,
  client      text        NOT NULL,  -- the records' client key
  level       text        NOT NULL,  -- "READINESS_LEVEL_HOT"
  record_time timestamptz NOT NULL,
  PRIMARY KEY (edition, client, record_time)
);

CREATE TABLE history_sales (
  edition   text        NOT NULL REFERENCES history_editions (name) ON DELETE CASCADE,
  seq       integer     NOT NULL,  -- the sale's position in the import
  client    text        NOT NULL,
  sale_time timestamptz NOT NULL,
  area_dm2  bigint      NOT NULL CHECK (area_dm2 > 0),
  net       bigint      NOT NULL CHECK (net >= 0),  -- kopecks
  PRIMARY KEY (edition, seq)
);
