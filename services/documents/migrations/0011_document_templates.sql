-- Versioned text blocks per issuer and kind of document, written by admins as Mustache templates;
-- one version of an issuer and kind is active at a time, and each document records the version it
-- was issued with (NULL: the built-in text).
CREATE TABLE document_templates (
  id            uuid        PRIMARY KEY,
  seq           bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  issuer_id     uuid        NOT NULL REFERENCES issuers (id),
  doc_type      text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  statement     text        NOT NULL,
  state         text        NOT NULL CHECK (state IN ('DRAFT', 'ACTIVE', 'RETIRED')),
  -- The etag: bumped by every change of state.
  revision      bigint      NOT NULL DEFAULT 1,
  created_by    text        NOT NULL,
  create_time   timestamptz NOT NULL DEFAULT now(),
  activated_by  text,
  activate_time timestamptz,
  UNIQUE (issuer_id, doc_type, version),
  CHECK ((activate_time IS NULL) = (activated_by IS NULL)),
  CHECK (state = 'DRAFT' OR activate_time IS NOT NULL)
);
CREATE UNIQUE INDEX document_templates_one_active ON document_templates (issuer_id, doc_type)
  WHERE state = 'ACTIVE';

ALTER TABLE documents ADD COLUMN template_id uuid REFERENCES document_templates (id);
