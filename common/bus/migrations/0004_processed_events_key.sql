-- The inbox keyed by the event's id first and compared byte by byte (collation "C"): claiming a
-- fetch's events looks each one up and inserts it in this key, and under the database's
-- linguistic collation comparing the consumer's name and then the id cost about a fifth of the
-- claim. The columns stay text, so a consumer of the previous release keeps working during a
-- rollout. No index by consumer: only emptying one consumer's inbox for a rebuild, which replays
-- the whole stream anyway, reads by consumer alone.
ALTER TABLE processed_events DROP CONSTRAINT processed_events_pkey;
ALTER TABLE processed_events
  ALTER COLUMN event_id TYPE text COLLATE "C",
  ALTER COLUMN consumer TYPE text COLLATE "C";
ALTER TABLE processed_events ADD PRIMARY KEY (event_id, consumer);
