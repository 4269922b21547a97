-- The organisations that issue documents (issuers) and their bank requisites.

-- fragment: issuer_columns
-- The columns of an issuer's record, read by name by the one issuer decoder.
id::text AS id, legal_name, inn, kpp, ogrn, address, bank_name, bik, settlement_account,
       correspondent_account, director, chief_accountant, is_primary, seq, payment_term_days,
       version, director_position, director_basis, chief_accountant_basis, closing_documents,
       edo_participant_id, array_to_string(draft_kinds, ',') AS draft_kinds, director_genitive,
       director_position_genitive

-- name: issuers_lock
-- Issuer creation is rare; serialising it makes "the first issuer becomes primary" and "unmark
-- the previous primary" race-free without retries.
SELECT pg_advisory_xact_lock(4702120013);

-- name: issuer_get
SELECT :issuer_columns
FROM issuers
WHERE id = $1::uuid;

-- name: issuer_by_requisites
-- Another issuer with the same entity and account ($5: the id to leave out, or NULL).
SELECT id::text AS id
FROM issuers
WHERE inn = $1 AND kpp = $2 AND bik = $3 AND settlement_account = $4
  AND ($5::uuid IS NULL OR id <> $5::uuid);

-- name: issuer_primary
SELECT :issuer_columns
FROM issuers
WHERE is_primary;

-- name: issuer_unmark_primary
UPDATE issuers SET is_primary = false, version = version + 1 WHERE is_primary;

-- name: issuer_insert
INSERT INTO issuers (id, legal_name, inn, kpp, ogrn, address, bank_name, bik,
                     settlement_account, correspondent_account, director, chief_accountant,
                     is_primary, payment_term_days, director_position, director_basis,
                     chief_accountant_basis, closing_documents,
                     edo_participant_id, draft_kinds, director_genitive, director_position_genitive)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
        $19, string_to_array($20, ','), $21, $22)
RETURNING :issuer_columns;

-- name: issuer_lock
-- The issuer for an update, its row locked until the transaction ends.
SELECT :issuer_columns
FROM issuers
WHERE id = $1::uuid
FOR UPDATE;

-- name: issuer_update
-- Every field an update may change, as the merged issuer has them; INN and OGRN never change.
UPDATE issuers
SET legal_name = $2, kpp = $3, address = $4, bank_name = $5, bik = $6, settlement_account = $7,
    correspondent_account = $8, director = $9, chief_accountant = $10, is_primary = $11,
    payment_term_days = $12, director_position = $13, director_basis = $14,
    chief_accountant_basis = $15, closing_documents = $16, edo_participant_id = $17,
    draft_kinds = string_to_array($18, ','), director_genitive = $19,
    director_position_genitive = $20, version = version + 1
WHERE id = $1::uuid
RETURNING :issuer_columns;

-- name: issuer_list
-- $1: the seq of the previous page's last issuer (0 for the first page); $2: the page size.
SELECT :issuer_columns
FROM issuers
WHERE seq > $1
ORDER BY seq
LIMIT $2;
