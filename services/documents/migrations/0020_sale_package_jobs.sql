-- The rest of a sale's package (application, contract, checklist, manuals) waiting to be issued
-- after its invoice: one row per sale event whose invoice was issued, written in the transaction
-- of that invoice and deleted in the transaction that issues the package, so the package is
-- issued once, even across a crash or a restart. `sale` is the SaleRecorded (JSON) of the state
-- the invoice shows, `sale_as_of` that state's instant, `issue_date` the invoice's wanted day and
-- `request_id` the request that caused the sale event, carried on to the package's events.
CREATE TABLE sale_package_jobs (
  id          bigserial   PRIMARY KEY,
  sale_id     uuid        NOT NULL,
  event_id    text        NOT NULL,
  request_id  text        NOT NULL DEFAULT '',
  sale        text        NOT NULL,
  sale_as_of  timestamptz NOT NULL,
  issue_date  date        NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0,
  not_before  timestamptz NOT NULL DEFAULT now(),
  last_error  text        NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sale_package_jobs_due ON sale_package_jobs (not_before, id);
