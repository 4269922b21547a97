-- The full client model (legal form, structured addresses, geography, industry, several phones
-- and e-mail addresses, branches, verification state), contact persons with their own
-- lifecycle, and the search columns that make the base searchable by name, phone and e-mail.

-- The search form of a company name (domain/search_text.h, NormalizeCompanyName, computes the
-- same): Russian and Latin letters in lower case, ё as е, quotes and punctuation as spaces,
-- legal-form phrases and words dropped, words joined by single spaces.
CREATE FUNCTION registry_search_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(word, ' ' ORDER BY position), '')
  FROM unnest(string_to_array(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(' ' || regexp_replace(translate(name,
      'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯABCDEFGHIJKLMNOPQRSTUVWXYZё!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~' || chr(9) || chr(160) || '«»„“”‘’‚–—№',
      'абвгдеежзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyzе' || repeat(' ', 45)), ' +', ' ', 'g') || ' ',
    ' общество с ограниченной ответственностью ', ' '),
    ' непубличное акционерное общество ', ' '),
    ' публичное акционерное общество ', ' '),
    ' закрытое акционерное общество ', ' '),
    ' открытое акционерное общество ', ' '),
    ' акционерное общество ', ' '),
    ' индивидуальный предприниматель ', ' '),
    ' крестьянское фермерское хозяйство ', ' '),
    ' глава кфх ', ' '),
    ' федеральное государственное унитарное предприятие ', ' '),
    ' государственное унитарное предприятие ', ' '),
    ' муниципальное унитарное предприятие ', ' '),
    ' автономная некоммерческая организация ', ' '),
    ' некоммерческая организация ', ' '), ' ')) WITH ORDINALITY AS words (word, position)
  WHERE word <> '' AND word <> ALL (ARRAY['ооо', 'оао', 'зао', 'пао', 'ао', 'нао', 'ип', 'чп', 'гуп', 'фгуп', 'муп', 'ано', 'нко', 'кфх', 'тоо', 'llc', 'ltd', 'inc'])
$$;

ALTER TABLE clients
  -- LegalForm enum value name without its prefix ("OOO", "IP"); '' when unknown.
  ADD COLUMN legal_form           text        NOT NULL DEFAULT '',
  ADD COLUMN legal_postal_code    text        NOT NULL DEFAULT '',
  ADD COLUMN legal_region_code    text        NOT NULL DEFAULT '',
  ADD COLUMN legal_city           text        NOT NULL DEFAULT '',
  ADD COLUMN legal_street_line    text        NOT NULL DEFAULT '',
  ADD COLUMN postal_postal_code   text        NOT NULL DEFAULT '',
  ADD COLUMN postal_region_code   text        NOT NULL DEFAULT '',
  ADD COLUMN postal_city          text        NOT NULL DEFAULT '',
  ADD COLUMN postal_street_line   text        NOT NULL DEFAULT '',
  -- Cleared when mail to the postal address comes back (shared with the verification
  -- workflow, whose migration adds it too: IF NOT EXISTS keeps one definition).
  ADD COLUMN IF NOT EXISTS postal_address_valid boolean NOT NULL DEFAULT true,
  -- Geography, derived by the service from the addresses: what region filters compare.
  ADD COLUMN region_code          text        NOT NULL DEFAULT '',
  ADD COLUMN federal_district     text        NOT NULL DEFAULT '',
  ADD COLUMN city                 text        NOT NULL DEFAULT '',
  ADD COLUMN industry_code        text        NOT NULL DEFAULT '',
  ADD COLUMN okved_codes          text[]      NOT NULL DEFAULT '{}',
  -- Phones as shown, and their digits (domain NormalizePhoneDigits) in the same order.
  ADD COLUMN phones               text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN phone_digits         text[]      NOT NULL DEFAULT '{}',
  -- E-mail addresses as entered, and in lower case for search.
  ADD COLUMN emails               text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN email_keys           text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN website              text        NOT NULL DEFAULT '',
  ADD COLUMN lead_source          text        NOT NULL DEFAULT '',
  ADD COLUMN notes                text        NOT NULL DEFAULT '',
  -- A branch's head company (same INN, another KPP).
  ADD COLUMN head_client_id       uuid        REFERENCES clients (id),
  ADD COLUMN IF NOT EXISTS verification_state text NOT NULL DEFAULT 'VERIFIED',
  ADD CONSTRAINT clients_verification_state_known
    CHECK (verification_state IN ('PENDING_VERIFICATION', 'VERIFIED', 'REJECTED', 'FLAGGED')),
  ADD COLUMN search_name          text        GENERATED ALWAYS AS
    (registry_search_name(display_name || ' ' || legal_name)) STORED,
  ADD CONSTRAINT clients_not_own_head CHECK (head_client_id IS DISTINCT FROM id);

-- The digits phone search compares (domain NormalizePhoneDigits computes the same); here for
-- the phones already in the base.
CREATE FUNCTION registry_phone_digits(phone text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN length(d) = 11 AND d LIKE '8%' THEN '7' || substr(d, 2)
    WHEN length(d) = 10 THEN '7' || d
    ELSE d END
  FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d) AS digits
$$;

-- `phone` and `email` stay as the first of `phones` and `emails` for older readers.
UPDATE clients SET phones = ARRAY[phone], phone_digits = ARRAY[registry_phone_digits(phone)]
  WHERE phone <> '';
UPDATE clients SET emails = ARRAY[email], email_keys = ARRAY[lower(email)] WHERE email <> '';

-- Name search: trigram similarity and substring match on the search form of both names.
CREATE INDEX clients_search_name_trgm ON clients USING gin (search_name gin_trgm_ops);
CREATE INDEX clients_phone_digits ON clients USING gin (phone_digits);
CREATE INDEX clients_email_keys ON clients USING gin (email_keys);
CREATE INDEX clients_by_region ON clients (region_code);
CREATE INDEX clients_by_federal_district ON clients (federal_district);
CREATE INDEX clients_by_industry ON clients (industry_code);
CREATE INDEX clients_by_verification_state ON clients (verification_state);
CREATE INDEX clients_by_head ON clients (head_client_id) WHERE head_client_id IS NOT NULL;
CREATE INDEX clients_by_create_time ON clients (created_at DESC, id DESC);
CREATE INDEX clients_by_update_time ON clients (updated_at DESC, id DESC);
CREATE INDEX clients_by_inn ON clients (inn);

ALTER TABLE contact_persons
  ADD COLUMN phones          text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN phone_digits    text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN emails          text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN email_keys      text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN mailing_consent boolean     NOT NULL DEFAULT false,
  ADD COLUMN is_primary      boolean     NOT NULL DEFAULT false,
  ADD COLUMN status          text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'LEFT')),
  ADD COLUMN version         integer     NOT NULL DEFAULT 1,
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by      text        NOT NULL DEFAULT '',
  ADD COLUMN deleted_at      timestamptz;

UPDATE contact_persons SET phones = ARRAY[phone],
  phone_digits = ARRAY[registry_phone_digits(phone)] WHERE phone <> '';
UPDATE contact_persons SET emails = ARRAY[email], email_keys = ARRAY[lower(email)]
  WHERE email <> '';
UPDATE contact_persons SET updated_by = created_by, updated_at = created_at;

-- At most one primary contact per client: the database decides, not a read-then-write.
CREATE UNIQUE INDEX contact_persons_one_primary ON contact_persons (client_id)
  WHERE is_primary AND deleted_at IS NULL;
CREATE INDEX contact_persons_phone_digits ON contact_persons USING gin (phone_digits);
CREATE INDEX contact_persons_email_keys ON contact_persons USING gin (email_keys);

COMMENT ON COLUMN client_history.change IS
  'created, updated, deleted, undeleted or restored; merged as that operation arrives';
