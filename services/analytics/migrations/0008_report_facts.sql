-- What the period reports add to the projection: a completed contact's effectiveness (the
-- producer's `positive` flag: sale, invitation, manual sent) and a refusal's reason, and the
-- departments' names (crm.registry.department.*) to print beside their figures.
ALTER TABLE contacts ADD COLUMN positive boolean NOT NULL DEFAULT false;
-- The RefusalReason enum name ("REFUSAL_REASON_NO_BUDGET"), else the catalogue entry
-- ("refusalReasons/{id}"); NULL for every other result.
ALTER TABLE contacts ADD COLUMN refusal_reason text;

CREATE TABLE departments (
  id           uuid PRIMARY KEY,
  display_name text NOT NULL,
  deleted      boolean NOT NULL DEFAULT false,
  event_time   timestamptz
);
