-- An edition's sale terms as registry publishes them in crm.registry.edition.updated: its
-- status and its stand price list (price per m² by stand type). edition.created carries neither:
-- an edition starts 'planned' with only its base price (editions.price_per_m2), and the first
-- update fills in the rest. A closed or cancelled edition takes no new sales or stand holds.
ALTER TABLE editions
  ADD COLUMN status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'open_for_sales', 'running', 'closed', 'cancelled'));

-- One row per stand type the price list names; a type it does not name is sold at the base
-- price. Types are crm.planning.v1.StandType names without the prefix ("CORNER").
CREATE TABLE edition_stand_prices (
  edition_id   uuid   NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
  stand_type   text   NOT NULL
    CHECK (stand_type IN ('LINEAR', 'CORNER', 'PENINSULA', 'ISLAND', 'OPEN_AREA')),
  price_per_m2 bigint NOT NULL CHECK (price_per_m2 > 0),
  PRIMARY KEY (edition_id, stand_type)
);
