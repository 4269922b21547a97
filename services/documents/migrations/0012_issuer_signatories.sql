-- Issuers change (a new bank account, a new director) through UpdateIssuer, checked by a version
-- (the etag); the signatories' positions and what they sign on are kept for contracts and acts.
ALTER TABLE issuers
  ADD COLUMN version                bigint NOT NULL DEFAULT 1,
  ADD COLUMN director_position      text   NOT NULL DEFAULT '',
  ADD COLUMN director_basis         text   NOT NULL DEFAULT '',
  ADD COLUMN chief_accountant_basis text   NOT NULL DEFAULT '';
