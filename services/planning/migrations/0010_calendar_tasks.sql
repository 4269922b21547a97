-- Calendar tasks: a planned contact gets a purpose from a catalogue, a duration, the coordinates
-- used, reminders, an etag version, and can be cancelled. Users keep their time zone here.

ALTER TABLE contacts DROP CONSTRAINT contacts_type_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_type_check
  CHECK (type IN ('CALL', 'MEETING', 'EMAIL', 'LETTER', 'VISIT', 'EXHIBITION_MEETING', 'OTHER'));

ALTER TABLE contacts
  -- ContactPurpose without its prefix, NULL when only the free-text purpose says it.
  ADD COLUMN purpose_kind  text CHECK (purpose_kind IN ('INVITE_TO_PARTICIPATE', 'INVITE_TO_VISIT',
    'SEND_OFFER', 'FOLLOW_UP', 'COLLECT_DOCUMENTS', 'PAYMENT_REMINDER', 'OTHER')),
  ADD COLUMN duration_s    integer     NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
  -- crm.planning.v1.ContactChannel as canonical JSON.
  ADD COLUMN channel       jsonb       NOT NULL DEFAULT '{}',
  -- The reminder specs (crm.planning.v1.TaskReminder without fire_time) as a JSON array.
  ADD COLUMN reminders     jsonb       NOT NULL DEFAULT '[]',
  -- Bumped by every update; the etag.
  ADD COLUMN version       bigint      NOT NULL DEFAULT 1,
  ADD COLUMN update_time   timestamptz,
  ADD COLUMN cancel_time   timestamptz,
  ADD COLUMN cancel_reason text        NOT NULL DEFAULT '';

-- The description may be empty once the purpose comes from the catalogue.
ALTER TABLE contacts DROP CONSTRAINT contacts_purpose_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_purpose_check
  CHECK (purpose <> '' OR purpose_kind IS NOT NULL);

ALTER TABLE contacts DROP CONSTRAINT contacts_state_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_state_check
  CHECK (state IN ('PLANNED', 'COMPLETED', 'CANCELLED'));
ALTER TABLE contacts ADD CONSTRAINT contacts_cancelled_check
  CHECK ((state = 'CANCELLED') = (cancel_time IS NOT NULL));
ALTER TABLE contacts DROP CONSTRAINT contacts_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_check
  CHECK ((state IN ('PLANNED', 'CANCELLED') AND result IS NULL AND result_kind IS NULL
          AND complete_time IS NULL)
      OR (state = 'COMPLETED' AND result IS NOT NULL AND result_kind IS NOT NULL
          AND complete_time IS NOT NULL));

-- Overdue view: planned tasks by start.
CREATE INDEX contacts_planned_by_schedule ON contacts (scheduled_time, id) WHERE state = 'PLANNED';
-- A client's timeline, newest first.
CREATE INDEX contacts_by_client_schedule ON contacts (client_id, scheduled_time DESC, id DESC);

-- ---------------------------------------------------------------------------------------------
-- Users' calendar settings. A user without a row uses Europe/Samara.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE calendar_settings (
  employee_id uuid        PRIMARY KEY,
  time_zone   text        NOT NULL,
  update_time timestamptz NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Reminders to fire: one row per reminder of a task per planned start. The scheduler claims due
-- rows, numbers them from reminder_sequence (one dispatching transaction at a time, so numbers
-- commit in order) and enqueues task.reminder_due in the same transaction; WatchReminders streams
-- the numbered rows to the
-- users' apps. Apps catching up get the dispatched rows of the last 7 days.
-- ---------------------------------------------------------------------------------------------
CREATE SEQUENCE reminder_sequence;

CREATE TABLE task_reminders (
  id            uuid        PRIMARY KEY,
  contact_id    uuid        NOT NULL REFERENCES contacts (id),
  owner_id      uuid        NOT NULL,
  fire_time     timestamptz NOT NULL,
  -- Set at dispatch; NULL while pending.
  sequence      bigint      UNIQUE,
  dispatch_time timestamptz,
  CHECK ((sequence IS NULL) = (dispatch_time IS NULL))
);
CREATE INDEX task_reminders_pending ON task_reminders (fire_time) WHERE sequence IS NULL;
CREATE INDEX task_reminders_by_contact ON task_reminders (contact_id);
CREATE INDEX task_reminders_by_owner_sequence ON task_reminders (owner_id, sequence)
  WHERE sequence IS NOT NULL;
