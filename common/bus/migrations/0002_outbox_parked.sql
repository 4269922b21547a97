-- A row JetStream can never take (larger than the server's or the stream's message size limit) is
-- set aside so the rows after it go out; an operator looks at it and re-queues it once the cause
-- is fixed (`outbox-unpark`).
ALTER TABLE outbox ADD COLUMN parked_at timestamptz;
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox (seq) WHERE parked_at IS NOT NULL;
