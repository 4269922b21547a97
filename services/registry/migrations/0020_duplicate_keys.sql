-- Duplicate detection: each client carries normalised keys of its names, phone and e-mail,
-- computed by the database from the record itself, so every write path keeps them right.
-- Incoming records are normalised by the same functions, so both sides compare alike.

-- A name reduced to what tells companies apart: lower case, ё read as е, legal forms
-- (ООО, АО, ИП, ...) and quotes and punctuation dropped, single spaces.
CREATE FUNCTION registry_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(
    regexp_replace(
      regexp_replace(lower(translate(name, 'Ёё', 'ее')), '[^[:alnum:]]+', ' ', 'g'),
      '(^| )(ооо|оао|зао|пао|нао|ао|ип|тоо|чп|гк|нпо|нпп|llc|ltd|inc|gmbh|'
      'общество с ограниченной ответственностью|акционерное общество|'
      'публичное акционерное общество|закрытое акционерное общество|'
      'открытое акционерное общество|индивидуальный предприниматель)(?= |$)', ' ', 'g'),
    ' +', ' ', 'g'))
$$;

-- Phone digits only; an 11-digit Russian number written with a leading 8 becomes +7.
CREATE FUNCTION registry_phone_key(phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN d ~ '^8[0-9]{10}$' THEN '7' || substr(d, 2) ELSE d END
  FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d) AS digits
$$;

CREATE FUNCTION registry_email_key(email text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(btrim(email))
$$;

ALTER TABLE clients
  ADD COLUMN display_name_key text GENERATED ALWAYS AS (registry_name_key(display_name)) STORED,
  ADD COLUMN legal_name_key text GENERATED ALWAYS AS (registry_name_key(legal_name)) STORED,
  ADD COLUMN phone_key text GENERATED ALWAYS AS (registry_phone_key(phone)) STORED,
  ADD COLUMN email_key text GENERATED ALWAYS AS (registry_email_key(email)) STORED;

-- Candidates are live clients; each signal has its index.
CREATE INDEX clients_display_name_key_trgm ON clients USING gin (display_name_key gin_trgm_ops)
  WHERE deleted_at IS NULL;
CREATE INDEX clients_legal_name_key_trgm ON clients USING gin (legal_name_key gin_trgm_ops)
  WHERE deleted_at IS NULL;
CREATE INDEX clients_by_phone_key ON clients (phone_key) WHERE deleted_at IS NULL AND phone_key <> '';
CREATE INDEX clients_by_email_key ON clients (email_key) WHERE deleted_at IS NULL AND email_key <> '';
CREATE INDEX clients_live_by_inn ON clients (inn) WHERE deleted_at IS NULL;
