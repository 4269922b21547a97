-- The 1C EnterpriseData exchange (migrations/0006): its numbering, the objects for 1C and the
-- messages. Times come back as microseconds since the epoch.

-- name: accounting_exchange_state_lock
SELECT last_sent_no, last_received_no, confirmed_no, acknowledged_no
FROM exchange_state
FOR UPDATE;

-- name: accounting_exchange_state
SELECT s.last_sent_no, s.last_received_no, s.confirmed_no, s.acknowledged_no,
       (SELECT count(*) FROM exchange_objects WHERE sent_in IS NULL)::int AS pending_count,
       (SELECT count(*) FROM exchange_objects
         WHERE sent_in IS NOT NULL AND sent_in > s.confirmed_no)::int AS unconfirmed_count
FROM exchange_state s;

-- name: accounting_exchange_put_object
-- $1 ref, $2 object_type, $3 source, $4 priority, $5 body. A new or changed object is pending;
-- the same body again changes nothing.
INSERT INTO exchange_objects (ref, object_type, source, priority, body)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ref) DO UPDATE
   SET object_type = EXCLUDED.object_type, source = EXCLUDED.source,
       priority = EXCLUDED.priority, body = EXCLUDED.body,
       change_seq = nextval('exchange_change_seq'), sent_in = NULL, update_time = now()
 WHERE exchange_objects.body IS DISTINCT FROM EXCLUDED.body
    OR exchange_objects.priority IS DISTINCT FROM EXCLUDED.priority;

-- name: accounting_exchange_put_object_if_absent
-- $1 ref, $2 object_type, $3 source, $4 priority, $5 body: only when the object is not there.
INSERT INTO exchange_objects (ref, object_type, source, priority, body)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ref) DO NOTHING;

-- name: accounting_exchange_has_object
-- $1 ref: a row when the object is queued or was sent.
SELECT 1 AS found FROM exchange_objects WHERE ref = $1::uuid;

-- name: accounting_exchange_objects_to_send
-- $1 confirmed_no: changed objects, and those sent in a message 1C has not confirmed.
SELECT ref, body, change_seq, sent_in IS NULL AS changed
FROM exchange_objects
WHERE sent_in IS NULL OR sent_in > $1
ORDER BY priority, change_seq;

-- name: accounting_exchange_mark_sent
-- $1 message_no, $2 refs, $3 their change_seq as read: an object changed since stays pending.
UPDATE exchange_objects o
   SET sent_in = $1
  FROM unnest($2::uuid[], $3::bigint[]) AS s(ref, change_seq)
 WHERE o.ref = s.ref AND o.change_seq = s.change_seq;

-- name: accounting_exchange_sent
-- $1 message_no (the new last_sent_no), $2 the ReceivedNo it carried.
UPDATE exchange_state SET last_sent_no = $1, acknowledged_no = $2, update_time = now();

-- name: accounting_exchange_received
-- $1 MessageNo received, $2 the new confirmed_no.
UPDATE exchange_state SET last_received_no = $1, confirmed_no = $2, update_time = now();

-- name: accounting_exchange_count_confirmed
-- $1 confirmed before, $2 confirmed now: the objects this confirmation settles.
SELECT count(*)::int AS confirmed
FROM exchange_objects
WHERE sent_in > $1 AND sent_in <= $2;

-- name: accounting_exchange_insert_message
-- $1 direction, $2 message_no, $3 received_no, $4 file_name, $5 object_count, $6 payment_count,
-- $7 imported_count, $8 content.
INSERT INTO exchange_messages (direction, message_no, received_no, file_name, object_count,
                               payment_count, imported_count, content)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING (extract(epoch from create_time) * 1000000)::bigint AS create_time_us;
