-- Issued documents (metadata and the rendered file), their numbering counters, and the sale
-- each belongs to.

-- fragment: document_columns
-- The columns of a document's record (without its file), read by name by the one document decoder.
id::text AS id, doc_type, coalesce(sequence_number, 0) AS sequence_number, number,
       to_char(issue_date, 'YYYY-MM-DD') AS issue_date, issuer_id::text AS issuer_id,
       sale_id::text AS sale_id, client, client_legal_name, currency_code, net_amount,
       vat_rate_bp, vat_amount, total_amount, total_in_words, file_name,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us, seq, manager,
       status, replaced_by::text AS replaced_by, replaces::text AS replaces, annul_reason,
       (extract(epoch from annul_time) * 1000000)::bigint AS annul_time_us,
       to_char(payment_due_date, 'YYYY-MM-DD') AS payment_due_date, version, send_channel,
       send_recipient, sent_by, (extract(epoch from send_time) * 1000000)::bigint AS send_time_us,
       signatory, to_char(signed_date, 'YYYY-MM-DD') AS signed_date, sign_recorded_by,
       (extract(epoch from sign_time) * 1000000)::bigint AS sign_time_us,
       signed_scan_id::text AS signed_scan_id, template_id::text AS template_id, upd_status,
       rendered_by, (extract(epoch from render_time) * 1000000)::bigint AS render_time_us,
       issued_by, (extract(epoch from coalesce(issue_time, create_time)) * 1000000)::bigint
         AS issue_time_us

-- name: document_lock_sale
-- Serialises the handling of one sale across consumer replicas, so two deliveries of the same
-- sale (under different event ids) never both pass the "already issued" check.
SELECT pg_advisory_xact_lock(hashtextextended($1, 4702120014));

-- name: document_id_by_sale
SELECT id::text AS id FROM documents WHERE sale_id = $1 AND doc_type = $2;

-- name: document_current_of_sale
-- The sale's current numbered document of a type (not a draft), and whether it already shows the
-- sale as of $3 (an RFC 3339 instant) or later.
SELECT id::text AS id, status, number, sale_as_of >= $3::timestamptz AS up_to_date
FROM documents
WHERE sale_id = $1 AND doc_type = $2 AND status <> 'REPLACED' AND sequence_number IS NOT NULL;

-- name: document_current_snapshot
-- The sale's current numbered document of a type, with its DocumentIssued snapshot.
SELECT id::text AS id, status, number, snapshot::text AS snapshot
FROM documents
WHERE sale_id = $1 AND doc_type = $2 AND status <> 'REPLACED' AND sequence_number IS NOT NULL;

-- name: document_draft_of_sale
-- The sale's unnumbered document of a type: its draft (or a draft annulled with the sale).
SELECT id::text AS id, status, number, sale_as_of >= $3::timestamptz AS up_to_date
FROM documents
WHERE sale_id = $1 AND doc_type = $2 AND sequence_number IS NULL;

-- name: document_draft_basis
-- What a draft is rendered and issued from: the sale event it keeps and where it comes from.
SELECT doc_type, issuer_id::text AS issuer_id, sale_id::text AS sale_id, manager, edition,
       to_char(sale_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sale_as_of,
       source_event_id, coalesce(draft_sale::text, '') AS draft_sale,
       to_char(issue_date, 'YYYY-MM-DD') AS issue_date
FROM documents
WHERE id = $1;

-- name: document_mark_replaced
UPDATE documents SET status = 'REPLACED', replaced_by = $2, version = version + 1 WHERE id = $1;

-- name: document_mark_annulled
UPDATE documents
SET status = 'ANNULLED', annul_reason = $2, annul_time = $3::timestamptz, version = version + 1
WHERE id = $1;

-- name: counter_next
-- Takes the counter row lock until commit: numbers are handed out in commit order, and a
-- rollback returns the number. The issue date is the wanted one ($4) or the series' latest,
-- whichever is later, so dates never go backwards as numbers go up.
INSERT INTO document_counters (issuer_id, doc_type, year, last_number, last_date)
VALUES ($1, $2, $3, 1, $4::date)
ON CONFLICT (issuer_id, doc_type, year)
DO UPDATE SET last_number = document_counters.last_number + 1,
              last_date = GREATEST(document_counters.last_date, EXCLUDED.last_date)
RETURNING last_number, to_char(last_date, 'YYYY-MM-DD') AS issue_date;

-- name: document_insert
INSERT INTO documents (id, doc_type, issuer_id, year, sequence_number, number, issue_date,
                       sale_id, client, client_legal_name, edition_display_name, currency_code,
                       net_amount, vat_rate_bp, vat_amount, total_amount, total_in_words,
                       file_name, content_type, content, sha256, snapshot, source_event_id,
                       manager, replaces, sale_as_of, manager_id, edition, payment_due_date,
                       template_id, payment, upd_status, status, draft_sale, rendered_by,
                       render_time)
VALUES ($1, $2, $3, NULLIF($4::integer, 0), NULLIF($5::bigint, 0), $6, $7::date, $8, $9, $10,
        $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::jsonb, $23, $24,
        NULLIF($25, '')::uuid, $26::timestamptz, $27::uuid, $28, NULLIF($29, '')::date,
        NULLIF($30, '')::uuid, $31, $32, $33, NULLIF($34, '')::jsonb, NULLIF($35, ''),
        CASE WHEN $33 = 'DRAFT' THEN now() END);

-- name: document_rewrite
-- A draft rendered again ($2 'DRAFT', no number) or issued ($2 'ISSUED' with its number): every
-- composed column written anew, who did it and when, the version one higher. $24 the caller.
UPDATE documents
SET status = $2, year = NULLIF($3::integer, 0), sequence_number = NULLIF($4::bigint, 0),
    number = $5, issue_date = $6::date, client = $7, client_legal_name = $8,
    edition_display_name = $9, currency_code = $10, net_amount = $11, vat_rate_bp = $12,
    vat_amount = $13, total_amount = $14, total_in_words = $15, file_name = $16, content = $17,
    sha256 = $18, snapshot = $19::jsonb, sale_as_of = $20::timestamptz,
    payment_due_date = NULLIF($21, '')::date, template_id = NULLIF($22, '')::uuid,
    replaces = NULLIF($23, '')::uuid, draft_sale = NULLIF($25, '')::jsonb,
    rendered_by = CASE WHEN $2 = 'DRAFT' THEN NULLIF($24, '') ELSE rendered_by END,
    render_time = CASE WHEN $2 = 'DRAFT' THEN now() ELSE render_time END,
    issued_by = CASE WHEN $2 = 'DRAFT' THEN NULL ELSE NULLIF($24, '') END,
    issue_time = CASE WHEN $2 = 'DRAFT' THEN NULL ELSE now() END,
    source_event_id = $26, version = version + 1
WHERE id = $1;

-- name: document_get
SELECT :document_columns
FROM documents
WHERE id = $1;

-- name: document_lock
-- The document for a change of its state, its row locked until the transaction ends.
SELECT :document_columns
FROM documents
WHERE id = $1
FOR UPDATE;

-- name: document_mark_sent
-- $2 the channel, $3 the recipient, $4 who recorded it.
UPDATE documents
SET status = 'SENT', send_channel = $2, send_recipient = $3, sent_by = $4, send_time = now(),
    version = version + 1
WHERE id = $1;

-- name: document_mark_signed
-- $2 who signed for the buyer, $3 the day, $4 who recorded it, $5 the signed scan's id or ''.
UPDATE documents
SET status = 'SIGNED', signatory = $2, signed_date = $3::date, sign_recorded_by = $4,
    sign_time = now(), signed_scan_id = NULLIF($5, '')::uuid, version = version + 1
WHERE id = $1;

-- fragment: scan_columns
-- The columns of a scan's record (without its file), read by name by the one scan decoder.
id::text AS id, document_id::text AS document_id, file_name, content_type, size_bytes, sha256,
       uploaded_by, (extract(epoch from upload_time) * 1000000)::bigint AS upload_time_us

-- name: scan_insert
INSERT INTO document_scans (id, document_id, file_name, content_type, content, size_bytes, sha256,
                            uploaded_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING :scan_columns;

-- name: scans_of_documents
-- The scans of every document of a page ($1 a uuid array), oldest first: one statement a page.
SELECT :scan_columns
FROM document_scans
WHERE document_id = ANY($1::uuid[])
ORDER BY document_id, seq;

-- name: scan_content
-- A scan's file with its document's manager (for the access rule).
SELECT s.file_name, s.content_type, s.content, d.manager
FROM document_scans s JOIN documents d ON d.id = s.document_id
WHERE s.id = $1 AND s.document_id = $2;

-- name: document_list
-- $1: '' for every sale, else the sale's id; $2: the seq of the previous page's last row, or
-- NULL for the first page; $3: the page size; $4: NULL for every manager, else the manager's
-- id. $5..$7 the caller's reach (common::auth::ListScope): everything, their own, their
-- department unit's. $8..$13: client, edition, type, status, first and last issue day ('' for
-- no condition).
SELECT :document_columns
FROM documents
WHERE ($1 = '' OR sale_id = NULLIF($1, '')::uuid)
  AND ($2::bigint IS NULL OR seq < $2)
  AND ($4::uuid IS NULL OR manager_id = $4::uuid)
  AND ($8 = '' OR client = $8)
  AND ($9 = '' OR edition = $9)
  AND ($10 = '' OR doc_type = $10)
  AND ($11 = '' OR status = $11)
  AND ($12 = '' OR issue_date >= NULLIF($12, '')::date)
  AND ($13 = '' OR issue_date <= NULLIF($13, '')::date)
  AND ($5::boolean OR manager_id = $6::uuid
       OR ($7::uuid IS NOT NULL
           AND manager_id IN (SELECT e.id FROM employees e WHERE e.department_id = $7::uuid)))
ORDER BY seq DESC
LIMIT $3;

-- name: document_content
SELECT file_name, content_type, content, manager FROM documents WHERE id = $1;

-- name: document_edo_source
-- What a document's EDO file is made from: its kind (and a УПД's status), issuer, DocumentIssued
-- snapshot and manager, and the transfer document of its sale in force that a VAT invoice's line
-- 5а names: the act, or a УПД with status 2.
SELECT d.doc_type, d.upd_status, d.issuer_id::text AS issuer_id, d.snapshot::text AS snapshot,
       d.manager, a.doc_type AS shipment_type, a.number AS act_number,
       to_char(a.issue_date, 'YYYY-MM-DD') AS act_date
  FROM documents d
  LEFT JOIN documents a
    ON a.sale_id = d.sale_id AND a.status <> 'REPLACED' AND d.doc_type = 'VAT_INVOICE'
   AND (a.doc_type = 'ACT' OR (a.doc_type = 'UPD' AND a.upd_status = 2))
 WHERE d.id = $1;

-- name: closing_candidates
-- The edition's sales to close ($2 '' for all, or one sale id): their invoice in force and no
-- VAT invoice yet (a VAT_INVOICE, or a УПД with status 1, which is one), with the transfer
-- document (the act, or a УПД with status 2) when it exists, and the edition's end date ('' when
-- unknown). Every way of closing ends with a VAT invoice, so a sale that has one is closed. In
-- the order the invoices were issued, so the closing documents are numbered in that order.
SELECT i.sale_id::text AS sale_id, i.issuer_id::text AS issuer_id, i.snapshot::text AS snapshot,
       i.manager, to_char(i.sale_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
         AS sale_as_of,
       a.snapshot::text AS act_snapshot, coalesce(a.doc_type, '') AS act_type,
       coalesce(to_char(e.end_date, 'YYYY-MM-DD'), '') AS edition_end_date
  FROM documents i
  LEFT JOIN documents a
    ON a.sale_id = i.sale_id AND a.doc_type IN ('ACT', 'UPD') AND a.status <> 'REPLACED'
  LEFT JOIN editions e ON e.edition = i.edition
 WHERE i.edition = $1 AND i.doc_type = 'INVOICE' AND i.status IN ('ISSUED', 'SENT', 'SIGNED')
   AND ($2 = '' OR i.sale_id = NULLIF($2, '')::uuid)
   AND NOT EXISTS (SELECT 1 FROM documents v
                    WHERE v.sale_id = i.sale_id AND v.status <> 'REPLACED'
                      AND (v.doc_type = 'VAT_INVOICE' OR (v.doc_type = 'UPD' AND v.upd_status = 1)))
 ORDER BY i.seq;

-- name: edition_document_count
-- The documents of one type in force or annulled for the edition (not the replaced ones).
SELECT count(*) AS documents FROM documents
 WHERE edition = $1 AND doc_type = $2 AND status <> 'REPLACED';

-- name: advance_basis
-- What an advance VAT invoice for payment $2 and sale $1 is made from: the sale's latest invoice
-- (its issuer, parties and edition), whether the sale already has an act or a УПД (then the
-- payment is no prepayment), and whether the payment already has its advance VAT invoice for
-- the sale: one in force, or the one event $3 issued (a redelivery after it was annulled).
SELECT i.issuer_id::text AS issuer_id, i.snapshot::text AS snapshot, i.manager, i.edition,
       to_char(i.sale_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sale_as_of,
       EXISTS (SELECT 1 FROM documents a
                WHERE a.sale_id = $1::uuid AND a.doc_type IN ('ACT', 'UPD')
                  AND a.status <> 'REPLACED')
         AS has_act,
       (SELECT v.id::text FROM documents v
         WHERE v.sale_id = $1::uuid AND v.doc_type = 'ADVANCE_VAT_INVOICE' AND v.payment = $2
           AND (v.status <> 'ANNULLED' OR v.source_event_id = $3)
         ORDER BY v.status = 'ANNULLED' LIMIT 1)
         AS advance_id
  FROM documents i
 WHERE i.sale_id = $1::uuid AND i.doc_type = 'INVOICE'
 ORDER BY i.seq DESC
 LIMIT 1;

-- name: correction_basis
-- A sale's VAT invoice in force — a VAT_INVOICE, or a УПД with status 1, which is one — (what a
-- corrective document corrects), its latest corrective, whose state the next one starts from,
-- and the УПД with status 2 in force beside a VAT_INVOICE (the transfer document a УКД of status
-- 2 corrects); no row before the sale is closed.
SELECT v.doc_type, v.snapshot::text AS vat_invoice,
       (SELECT c.snapshot::text FROM documents c
         WHERE c.sale_id = v.sale_id AND c.doc_type IN ('CORRECTIVE_VAT_INVOICE', 'UKD')
         ORDER BY c.seq DESC LIMIT 1) AS last_corrective,
       (SELECT u.snapshot::text FROM documents u
         WHERE u.sale_id = v.sale_id AND u.doc_type = 'UPD' AND u.upd_status = 2
           AND u.status <> 'REPLACED'
         ORDER BY u.seq DESC LIMIT 1) AS transfer_document
  FROM documents v
 WHERE v.sale_id = $1::uuid AND v.status <> 'REPLACED'
   AND (v.doc_type = 'VAT_INVOICE' OR (v.doc_type = 'UPD' AND v.upd_status = 1));
