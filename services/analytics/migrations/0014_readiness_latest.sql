-- The readiness funnel and its drill-down (ListReportClients for a stage) found each client's
-- latest assessment for the edition by reading every readiness change of the edition, and each
-- client's purchase by summing every sale of the edition, before cutting a page: some 290 ms a
-- page at 1 M rows (tools/bench/run list). Each (edition, client)'s latest assessment is now a row
-- of its own, written in the transaction that inserts the assessment (analytics_insert_readiness),
-- so a stage's clients are an index range read in page order, and a client's active sales in the
-- edition are an index lookup.

-- The latest of readiness_changes for each (edition, client): the one with the greatest
-- record_time (record_time is part of readiness_changes' key, so there is one).
CREATE TABLE readiness_latest (
  edition     text        NOT NULL,
  client_id   uuid        NOT NULL,
  -- The ReadinessLevel enum name, e.g. "READINESS_LEVEL_HOT".
  level       text        NOT NULL,
  record_time timestamptz NOT NULL,
  recorded_by text        NOT NULL DEFAULT '',
  -- The employee recorded_by names ("employees/{id}" in any case, as the reports' reach matches
  -- it against employees), NULL when it names none: the caller's reach is a probe of employees
  -- by this id, not a comparison of text with every employee.
  recorder_id uuid,
  PRIMARY KEY (edition, client_id)
);
-- A stage's clients in the drill-down's order, with who assessed them (the caller's reach).
CREATE INDEX readiness_latest_by_stage ON readiness_latest (edition, level, record_time, client_id)
  INCLUDE (recorder_id);

INSERT INTO readiness_latest (edition, client_id, level, record_time, recorded_by, recorder_id)
SELECT DISTINCT ON (edition, client_id) edition, client_id, level, record_time, recorded_by,
       CASE WHEN lower(recorded_by)
                 ~ '^employees/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN substr(lower(recorded_by), 11)::uuid END
FROM readiness_changes
ORDER BY edition, client_id, record_time DESC;

-- What a client bought in an edition: its active sales there.
CREATE INDEX sales_active_by_edition_client ON sales (edition, client_id)
  INCLUDE (area_dm2, net)
  WHERE state = 'active' AND client_id IS NOT NULL;
