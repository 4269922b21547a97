-- Field-level history of contact persons, projects, editions and groups (clients keep theirs in
-- client_history). Every write of one of these resources appends a row in its own transaction.
CREATE TABLE resource_history (
  -- "contact_person", "project", "edition" or "group".
  resource_kind text        NOT NULL
                CHECK (resource_kind IN ('contact_person', 'project', 'edition', 'group')),
  -- The resource's own id (an edition's or a contact person's, not its parent's).
  resource_id   uuid        NOT NULL,
  -- 1 for the first recorded version, then one more per change.
  version       integer     NOT NULL CHECK (version >= 1),
  change        text        NOT NULL
                CHECK (change IN ('created', 'updated', 'deleted', 'undeleted', 'restored')),
  changed_by    text        NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  -- The resource (its crm.registry.v1 message as canonical JSON) after the change.
  snapshot      jsonb       NOT NULL,
  -- The fields that differ from the version before, as canonical JSON of
  -- crm.registry.v1.FieldChange: [{"field": ..., "before": ..., "after": ...}, ...].
  field_changes jsonb       NOT NULL,
  PRIMARY KEY (resource_kind, resource_id, version)
);
