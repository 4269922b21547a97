-- The organisations that issue documents (issuers) and their bank requisites.

-- fragment: issuer_columns
-- The columns of an issuer's record, read by name by the one issuer decoder.
id::text AS id, legal_name, inn, kpp, ogrn, address, bank_name, bik, settlement_account,
       correspondent_account, director, chief_accountant, is_primary, seq, payment_term_days

-- name: issuers_lock
-- Issuer creation is rare; serialising it makes "the first issuer becomes primary" and "unmark
-- the previous primary" race-free without retries.
SELECT pg_advisory_xact_lock(4702120013);

-- name: issuer_get
SELECT :issuer_columns
FROM issuers
WHERE id = $1::uuid;

-- name: issuer_by_requisites
SELECT id::text AS id
FROM issuers
WHERE inn = $1 AND kpp = $2 AND bik = $3 AND settlement_account = $4;

-- name: issuer_primary
SELECT :issuer_columns
FROM issuers
WHERE is_primary;

-- name: issuer_unmark_primary
UPDATE issuers SET is_primary = false WHERE is_primary;

-- name: issuer_insert
INSERT INTO issuers (id, legal_name, inn, kpp, ogrn, address, bank_name, bik,
                     settlement_account, correspondent_account, director, chief_accountant,
                     is_primary, payment_term_days)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING :issuer_columns;

-- name: issuer_list
-- $1: the seq of the previous page's last issuer (0 for the first page); $2: the page size.
SELECT :issuer_columns
FROM issuers
WHERE seq > $1
ORDER BY seq
LIMIT $2;
