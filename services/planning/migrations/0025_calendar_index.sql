-- The calendar index: a manager's tasks by start time, carrying what a calendar grid shows
-- (ListCalendar with the BASIC view). A month of a busy manager is then a few consecutive index
-- pages instead of one table page per task, since tasks of one manager are spread over the whole
-- table among everyone else's. It replaces the plain (owner_id, scheduled_time, id) index, which
-- it serves in full. Free texts and JSON stay out: the index holds only bounded columns.
CREATE INDEX contacts_calendar ON contacts (owner_id, scheduled_time, id)
  INCLUDE (state, type, purpose_kind, duration_s, client_id, contact_person_id, project_id,
           edition_id, version);
DROP INDEX contacts_by_owner_schedule;

-- An index-only scan skips the table only for pages the visibility map marks all-visible; vacuum
-- after every 2% of rows inserted or changed (the default waits for 20%) keeps the map current.
ALTER TABLE contacts SET (autovacuum_vacuum_scale_factor = 0.02,
                          autovacuum_vacuum_insert_scale_factor = 0.02);
