-- Issuers' text blocks per kind of document (Mustache templates), in versions.

-- fragment: template_columns
-- The columns of a template version, read by name by the one template decoder.
id::text AS id, issuer_id::text AS issuer_id, doc_type, version, statement, state, revision,
       created_by, (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
       activated_by, (extract(epoch from activate_time) * 1000000)::bigint AS activate_time_us,
       seq

-- name: template_lock_kind
-- Serialises the versions of one issuer and kind (numbering, activation) until commit.
SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 4702120015));

-- name: template_insert
-- The next version of the issuer's kind, as a draft.
INSERT INTO document_templates (id, issuer_id, doc_type, version, statement, state, created_by)
SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4, 'DRAFT', $5
  FROM document_templates WHERE issuer_id = $2 AND doc_type = $3
RETURNING :template_columns;

-- name: template_get
SELECT :template_columns FROM document_templates WHERE id = $1 AND issuer_id = $2;

-- name: template_list
-- The issuer's versions newest first; $2 '' for every kind; $3 the previous page's last seq or
-- NULL; $4 the page size.
SELECT :template_columns
  FROM document_templates
 WHERE issuer_id = $1 AND ($2 = '' OR doc_type = $2) AND ($3::bigint IS NULL OR seq < $3)
 ORDER BY seq DESC
 LIMIT $4;

-- name: template_retire_active
UPDATE document_templates SET state = 'RETIRED', revision = revision + 1
 WHERE issuer_id = $1 AND doc_type = $2 AND state = 'ACTIVE';

-- name: template_activate
UPDATE document_templates
   SET state = 'ACTIVE', activated_by = $2, activate_time = now(), revision = revision + 1
 WHERE id = $1;

-- name: template_active
-- The version documents of the issuer and kind are issued with, if any.
SELECT :template_columns
  FROM document_templates
 WHERE issuer_id = $1 AND doc_type = $2 AND state = 'ACTIVE';
