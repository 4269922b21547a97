-- Registry's editions as far as documents needs them (their end date and status), kept current
-- by crm.registry.edition.created/updated.

-- name: edition_upsert
-- $2: the end date ('' for none); $3: the status; $4: the event's ce-time. An older event does
-- not undo a newer one.
INSERT INTO editions (edition, end_date, status, event_time)
VALUES ($1, NULLIF($2, '')::date, $3, $4)
ON CONFLICT (edition) DO UPDATE
SET end_date = EXCLUDED.end_date, status = EXCLUDED.status, event_time = EXCLUDED.event_time,
    updated_at = now()
WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= editions.event_time;

-- name: editions_due_for_closing
-- The editions that have ended by $1 (today) — the end date passed, or registry closed them —
-- and still have a sale with an invoice in force and no VAT invoice (nor a УПД with status 1,
-- which is one); the documents' date is the end date, or today when registry closed the edition
-- before it.
SELECT e.edition,
       to_char(CASE WHEN e.end_date < $1::date THEN e.end_date ELSE $1::date END, 'YYYY-MM-DD')
         AS close_date
  FROM editions e
 WHERE e.status <> 'cancelled'
   AND (e.end_date < $1::date OR e.status = 'closed')
   AND EXISTS (SELECT 1 FROM documents i
                WHERE i.edition = e.edition AND i.doc_type = 'INVOICE'
                  AND i.status IN ('ISSUED', 'SENT', 'SIGNED')
                  AND NOT EXISTS (SELECT 1 FROM documents a
                                   WHERE a.sale_id = i.sale_id AND a.status <> 'REPLACED'
                                     AND (a.doc_type = 'VAT_INVOICE'
                                          OR (a.doc_type = 'UPD' AND a.upd_status = 1))))
 ORDER BY e.end_date NULLS LAST, e.edition;
