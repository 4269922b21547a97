-- A document's life after it is issued: sent to the buyer (how, to whom, by whom, when), signed
-- by the buyer (who signed, on which day, who recorded it), and the scans attached to it (the
-- signed copy that came back). SENT and SIGNED documents are in force like ISSUED ones: an
-- amendment replaces them, a cancellation annuls them.
ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents
  ADD CONSTRAINT documents_status_check
    CHECK (status IN ('ISSUED', 'SENT', 'SIGNED', 'REPLACED', 'ANNULLED')),
  -- The etag: bumped by every change of the document's state.
  ADD COLUMN version          bigint      NOT NULL DEFAULT 1,
  ADD COLUMN send_channel     text,
  ADD COLUMN send_recipient   text        NOT NULL DEFAULT '',
  ADD COLUMN sent_by          text,
  ADD COLUMN send_time        timestamptz,
  ADD COLUMN signatory        text,
  ADD COLUMN signed_date      date,
  ADD COLUMN sign_recorded_by text,
  ADD COLUMN sign_time        timestamptz,
  ADD CHECK ((send_time IS NULL) = (sent_by IS NULL) AND (send_time IS NULL) = (send_channel IS NULL)),
  ADD CHECK ((sign_time IS NULL) = (signed_date IS NULL)
             AND (sign_time IS NULL) = (signatory IS NULL)
             AND (sign_time IS NULL) = (sign_recorded_by IS NULL)),
  ADD CHECK (status <> 'SENT' OR send_time IS NOT NULL),
  ADD CHECK (status <> 'SIGNED' OR sign_time IS NOT NULL);

-- Scanned copies attached to a document; never changed once stored.
CREATE TABLE document_scans (
  id           uuid        PRIMARY KEY,
  seq          bigserial   NOT NULL,
  document_id  uuid        NOT NULL REFERENCES documents (id),
  file_name    text        NOT NULL,
  content_type text        NOT NULL
                           CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  content      bytea       NOT NULL,
  size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
  sha256       text        NOT NULL,
  uploaded_by  text        NOT NULL,
  upload_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_scans_by_document ON document_scans (document_id, seq);

-- The signed copy among them, when one was named with the signature.
ALTER TABLE documents ADD COLUMN signed_scan_id uuid REFERENCES document_scans (id);
