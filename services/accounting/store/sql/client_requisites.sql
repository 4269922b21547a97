-- Registry's clients as the 1C exchange needs them (migrations/0016_client_requisites.sql).

-- name: accounting_client_requisites_lock
-- $1 client id: held to the end of the transaction, so that a client's event and a document for
-- that client, applied at once, each see what the other wrote (the row may not exist yet).
SELECT pg_advisory_xact_lock(hashtextextended('accounting client ' || $1::text, 0));

-- name: accounting_client_requisites_get
-- $1 client id: the copy, no row when accounting has not heard of the client.
SELECT requisites::text AS requisites FROM client_requisites WHERE id = $1::uuid;

-- name: accounting_client_requisites_put
-- $1 client id, $2 the requisites (JSON), $3 the event's ce-time (NULL when it had none). Returns
-- a row only when the copy was written: an older event does not undo a newer one.
INSERT INTO client_requisites (id, requisites, event_time)
VALUES ($1::uuid, $2::jsonb, $3::timestamptz)
ON CONFLICT (id) DO UPDATE
SET requisites = EXCLUDED.requisites, event_time = EXCLUDED.event_time, updated_at = now()
WHERE client_requisites.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= client_requisites.event_time
RETURNING id;
