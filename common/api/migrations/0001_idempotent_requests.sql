-- Idempotency keys of create requests (common/api/idempotency.h), per caller and RPC: a repeat
-- by the same caller returns `resource`, the name of what the first request created; the same
-- request_id from another caller is another key. `fingerprint` is the hex SHA-256 of the request
-- without its request_id (a repeat with another body is refused); NULL for keys carried over from
-- before fingerprints, which replay whatever the body.
CREATE TABLE idempotent_requests (
  caller      text        NOT NULL,
  operation   text        NOT NULL,
  request_id  text        NOT NULL,
  fingerprint text,
  -- '' only inside the creating transaction, between the claim and the create.
  resource    text        NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, operation, request_id)
);
