-- Registry's editions as far as documents needs them, kept current by crm.registry.edition.*:
-- when an edition ends (its end date passed, or registry marked it closed), its sales' acts are
-- issued by the edition closer.
CREATE TABLE editions (
  -- "projects/{project}/editions/{edition}", as the sales name it.
  edition    text        PRIMARY KEY,
  end_date   date,
  -- "planned", "open_for_sales", "running", "closed" or "cancelled".
  status     text        NOT NULL DEFAULT 'planned',
  -- ce-time of the event that wrote the row: an older event never overwrites a newer one.
  event_time timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
