-- The market analysis: the client base (registry's clients: region, industry, lead source, when
-- each entered the base), participations in our editions and in competitors' exhibitions, and
-- competitors' exhibitions' names.

CREATE TABLE clients (
  id                    uuid PRIMARY KEY,
  display_name          text NOT NULL DEFAULT '',
  region_code           text NOT NULL DEFAULT '',
  federal_district_code text NOT NULL DEFAULT '',
  -- The OKVED division (the first two digits of the main activity code), e.g. "41".
  industry              text NOT NULL DEFAULT '',
  -- "WEBSITE", "REFERRAL", ...; "" when unknown.
  lead_source_kind      text NOT NULL DEFAULT '',
  -- When the client entered the base: the ce-time of crm.registry.client.created.
  created_time          timestamptz,
  state                 text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted')),
  -- Set while the client is merged into another (crm.registry.client.merged; cleared when the
  -- merge is undone): its sales and participations count for the survivor.
  merged_into           uuid,
  -- registry's version of the snapshot the row holds: an older snapshot changes nothing.
  version               integer NOT NULL DEFAULT 0
);
CREATE INDEX clients_created ON clients (created_time) WHERE created_time IS NOT NULL;

CREATE TABLE participations (
  id                    uuid PRIMARY KEY,
  client_id             uuid NOT NULL,
  -- One of the two: our edition's name or a competitor's exhibition's id ("" for the other).
  edition               text NOT NULL DEFAULT '',
  competitor_exhibition text NOT NULL DEFAULT '',
  year                  integer NOT NULL DEFAULT 0,
  area_dm2              bigint NOT NULL DEFAULT 0,
  deleted               boolean NOT NULL DEFAULT false
);
CREATE INDEX participations_by_client ON participations (client_id);

CREATE TABLE competitor_exhibitions (
  id           uuid PRIMARY KEY,
  display_name text NOT NULL
);

-- Who exhibited at which of our editions, with what area: a client with an active sale there or
-- a participation registry recorded there (imported history has only the latter; registry keeps
-- the area of the former equal to the sales, so the larger of the two is the stand). A merged
-- client's rows count for the survivor.
CREATE VIEW exhibits AS
SELECT client_id, edition, max(area_dm2) AS area_dm2
FROM (
  SELECT coalesce(c.merged_into, s.client_id) AS client_id, s.edition, sum(s.area_dm2) AS area_dm2
  FROM sales s
  LEFT JOIN clients c ON c.id = s.client_id
  WHERE s.state = 'active' AND s.client_id IS NOT NULL AND s.edition <> ''
  GROUP BY 1, 2
  UNION ALL
  SELECT coalesce(c.merged_into, p.client_id), p.edition, sum(p.area_dm2)
  FROM participations p
  LEFT JOIN clients c ON c.id = p.client_id
  WHERE NOT p.deleted AND p.edition <> ''
  GROUP BY 1, 2
) AS both_sources
GROUP BY client_id, edition;
