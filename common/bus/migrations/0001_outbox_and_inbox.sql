-- Transactional outbox: a row per domain event, written in the same transaction as the change it
-- describes, published to JetStream in `seq` order by the relay.
CREATE TABLE outbox (
  seq          bigserial   PRIMARY KEY,
  id           uuid        NOT NULL UNIQUE,
  subject      text        NOT NULL,
  type         text        NOT NULL,
  source       text        NOT NULL,
  subject_id   text        NOT NULL,
  dataschema   text        NOT NULL,
  payload      text        NOT NULL,
  request_id   text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts     integer     NOT NULL DEFAULT 0,
  last_error   text
);
-- The relay reads only what is still to publish.
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
-- Published rows are kept for re-publishing a time range; the retention job deletes by age.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Inbox: the id of every consumed event, committed with the event's effect, so a redelivered
-- event changes nothing.
CREATE TABLE processed_events (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  subject      text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
