-- The issuer's participant id at its EDO operator (ИдУчастЭДО), the sender in the names of the
-- tax service's XML exchange files (docs/edo-xml.md); '' until the issuer joins an operator.
ALTER TABLE issuers ADD COLUMN edo_participant_id text NOT NULL DEFAULT '';
