-- Registry owns a client's lead source now (registry migration 0065). Planning keeps what it
-- needs as part of its copy of the client, from registry's client events, and hands what it
-- recorded itself over to registry once: every client's latest lead_source_changes row is
-- published as crm.planning.lead_source.set at start (app/lead_source_handover.h) and marked
-- handed over in the same transaction. No new rows are written to lead_source_changes; the table
-- stays for that hand-over and for undoing merges, and goes once every installation has handed
-- over.
ALTER TABLE clients
  ADD COLUMN lead_source_kind   text NOT NULL DEFAULT '',
  ADD COLUMN lead_source_detail text NOT NULL DEFAULT '',
  -- When the copy learned the current value (the ce-time of the client event).
  ADD COLUMN lead_source_time   timestamptz;

ALTER TABLE lead_source_changes ADD COLUMN handed_over_at timestamptz;

-- Until registry's events bring the owner's value, the copy answers with what planning knew.
UPDATE clients c
SET lead_source_kind = l.source, lead_source_detail = l.detail, lead_source_time = l.record_time
FROM (SELECT DISTINCT ON (client_id) client_id, source, detail, record_time
      FROM lead_source_changes
      ORDER BY client_id, record_time DESC, id DESC) l
WHERE l.client_id = c.id;
