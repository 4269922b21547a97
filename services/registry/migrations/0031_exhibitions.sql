-- Exhibition projects and editions become editable; competitors' exhibitions and clients'
-- participation in ours and theirs.

ALTER TABLE projects
  ADD COLUMN version    integer     NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by text        NOT NULL DEFAULT '';

ALTER TABLE editions
  ADD COLUMN status     text        NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'open_for_sales', 'running', 'closed', 'cancelled')),
  -- Price per m² by stand type in kopecks, e.g. {"corner": 1400000}; a type not listed sells at
  -- price_per_m2_minor.
  ADD COLUMN stand_prices jsonb     NOT NULL DEFAULT '{}',
  ADD COLUMN version    integer     NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by text        NOT NULL DEFAULT '';

CREATE TABLE competitor_exhibitions (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL CHECK (display_name <> ''),
  organizer    text        NOT NULL CHECK (organizer <> ''),
  city         text        NOT NULL DEFAULT '',
  -- annual, biennial, twice_a_year, irregular or '' when unknown
  periodicity  text        NOT NULL DEFAULT ''
    CHECK (periodicity IN ('', 'annual', 'biennial', 'twice_a_year', 'irregular')),
  start_date   date,
  end_date     date,
  description  text        NOT NULL DEFAULT '',
  request_id   text        UNIQUE,
  version      integer     NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text        NOT NULL,
  CHECK ((start_date IS NULL) = (end_date IS NULL) AND start_date <= end_date)
);
CREATE INDEX competitor_exhibitions_by_display_name ON competitor_exhibitions (display_name, id);

-- A client took part in one of our editions or in a competitor's exhibition in a year.
CREATE TABLE participations (
  id                       uuid        PRIMARY KEY,
  client_id                uuid        NOT NULL REFERENCES clients (id),
  edition_id               uuid        REFERENCES editions (id),
  competitor_exhibition_id uuid        REFERENCES competitor_exhibitions (id),
  year                     integer     NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  area_dm2                 bigint      NOT NULL DEFAULT 0 CHECK (area_dm2 >= 0),
  request_id               text        UNIQUE,
  created_at               timestamptz NOT NULL DEFAULT now(),
  created_by               text        NOT NULL,
  CHECK ((edition_id IS NULL) <> (competitor_exhibition_id IS NULL))
);
CREATE UNIQUE INDEX participations_one_per_edition ON participations (client_id, edition_id)
  WHERE edition_id IS NOT NULL;
CREATE UNIQUE INDEX participations_one_per_competitor_year
  ON participations (client_id, competitor_exhibition_id, year)
  WHERE competitor_exhibition_id IS NOT NULL;
CREATE INDEX participations_by_client ON participations (client_id, year DESC, id);
-- The base of a project and the filters read participation by exhibition.
CREATE INDEX participations_by_edition ON participations (edition_id, client_id)
  WHERE edition_id IS NOT NULL;
CREATE INDEX participations_by_competitor ON participations (competitor_exhibition_id, client_id)
  WHERE competitor_exhibition_id IS NOT NULL;
