-- The event stream the relay publishes to, known by the moment JetStream created it. A stream
-- created again (deleted by mistake, or lost by the server) has lost what the old one held that
-- consumers had not read yet, so when the relay finds another creation time than the one recorded
-- here it publishes every event the outbox still keeps once more, in order and with the original
-- ids; consumers skip the ones they have (processed_events).
CREATE TABLE outbox_stream (
  stream     text   PRIMARY KEY,
  created_ns bigint NOT NULL  -- JetStream's creation time of the stream, ns since the epoch
);
