-- Contacts follow their updates, cancellations and reassignments (crm.planning.contact.updated,
-- .cancelled, .reassigned): a cancelled contact stays, marked, and counts neither as open nor as
-- completed; `event_time` (the ce-time of the event that last set the planned row's owner, type
-- and time) keeps an older event from overwriting a newer one.
ALTER TABLE contacts DROP CONSTRAINT contacts_state_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_state_check
  CHECK (state IN ('planned', 'completed', 'cancelled'));
ALTER TABLE contacts ADD COLUMN event_time timestamptz;
