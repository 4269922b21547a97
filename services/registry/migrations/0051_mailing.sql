-- Postal mailings: saved selections of recipients, exports that fix the recipients and their
-- postal addresses at one moment, and the rows of an export that came back as returned mail.

CREATE TABLE mailing_selections (
  id                        uuid        PRIMARY KEY,
  display_name              text        NOT NULL CHECK (display_name <> ''),
  description               text        NOT NULL DEFAULT '',
  -- The owner's principal subject ("employees/{uuid}") of a personal selection, NULL if shared.
  owner                     text,
  -- The crm.registry.v1.ClientFilter in canonical JSON.
  filter                    jsonb       NOT NULL DEFAULT '{}',
  subscribed_only           boolean     NOT NULL DEFAULT false,
  valid_postal_address_only boolean     NOT NULL DEFAULT false,
  request_id                text        UNIQUE,
  version                   integer     NOT NULL DEFAULT 1,
  created_at                timestamptz NOT NULL DEFAULT now(),
  created_by                text        NOT NULL,
  updated_at                timestamptz NOT NULL DEFAULT now(),
  updated_by                text        NOT NULL,
  deleted_at                timestamptz
);
CREATE INDEX mailing_selections_live_by_name ON mailing_selections (display_name, id)
  WHERE deleted_at IS NULL;

CREATE TABLE mailing_exports (
  id              uuid        PRIMARY KEY,
  selection_id    uuid        NOT NULL REFERENCES mailing_selections (id),
  -- The selection as it was run (crm.registry.v1.MailingSelection in canonical JSON).
  selection       jsonb       NOT NULL,
  recipient_count integer     NOT NULL DEFAULT 0,
  request_id      text        UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text        NOT NULL
);

-- One recipient per row, numbered from 1 in the order the files list them; the address is a
-- snapshot, so the files read the same however the client changes later.
CREATE TABLE mailing_export_rows (
  export_id         uuid    NOT NULL REFERENCES mailing_exports (id) ON DELETE CASCADE,
  row_number        integer NOT NULL CHECK (row_number > 0),
  client_id         uuid    NOT NULL REFERENCES clients (id),
  contact_person_id uuid    REFERENCES contact_persons (id),
  addressee         text    NOT NULL,
  inn               text    NOT NULL DEFAULT '',
  contact_person    text    NOT NULL DEFAULT '',
  position          text    NOT NULL DEFAULT '',
  postal_code       text    NOT NULL DEFAULT '',
  region_code       text    NOT NULL DEFAULT '',
  city              text    NOT NULL DEFAULT '',
  street_line       text    NOT NULL DEFAULT '',
  -- Set when the letter came back, with the analysts' queue item it opened.
  returned_at       timestamptz,
  verification_item uuid    REFERENCES verification_items (id),
  PRIMARY KEY (export_id, row_number)
);
CREATE INDEX mailing_export_rows_by_client ON mailing_export_rows (export_id, client_id);
