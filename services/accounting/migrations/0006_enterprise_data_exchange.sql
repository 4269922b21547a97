-- The 1C exchange in its universal format (EnterpriseData, docs/accounting-enterprise-data.md).
--
-- exchange_state: one row, the numbering of the exchange. last_sent_no is the MessageNo of the
-- last message the CRM wrote, last_received_no the MessageNo of the last message from 1C that was
-- applied (a message with a number not above it is ignored), confirmed_no 1C's ReceivedNo (every
-- message of the CRM's up to it was loaded by 1C), acknowledged_no the ReceivedNo the CRM last
-- sent (a message from 1C above it is still to be acknowledged).
CREATE TABLE exchange_state (
  id               boolean     PRIMARY KEY DEFAULT true CHECK (id),
  last_sent_no     bigint      NOT NULL DEFAULT 0 CHECK (last_sent_no >= 0),
  last_received_no bigint      NOT NULL DEFAULT 0 CHECK (last_received_no >= 0),
  confirmed_no     bigint      NOT NULL DEFAULT 0 CHECK (confirmed_no >= 0),
  acknowledged_no  bigint      NOT NULL DEFAULT 0 CHECK (acknowledged_no >= 0),
  update_time      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO exchange_state DEFAULT VALUES;

-- Every object the CRM has for 1C, as it stands now, under its GUID (Ссылка). A change rewrites
-- the row and clears sent_in: the object is pending. Sent in message N, it stays unconfirmed (and
-- is sent again in the next message) until 1C's ReceivedNo reaches N.
CREATE SEQUENCE exchange_change_seq;
CREATE TABLE exchange_objects (
  ref          uuid        PRIMARY KEY,
  object_type  text        NOT NULL,
  -- The CRM resource it comes from ("clients/{id}", "documents/{id}", "sales/{id}/contract").
  source       text        NOT NULL,
  -- 0 catalogs, 1 documents, 2 deletions: the order in a message's Body.
  priority     smallint    NOT NULL CHECK (priority BETWEEN 0 AND 2),
  body         text        NOT NULL,
  change_seq   bigint      NOT NULL DEFAULT nextval('exchange_change_seq'),
  sent_in      bigint,
  update_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_objects_to_send ON exchange_objects (priority, change_seq);

-- The messages written for 1C and those received from it, with their bytes.
CREATE TABLE exchange_messages (
  direction         text        NOT NULL CHECK (direction IN ('sent', 'received')),
  message_no        bigint      NOT NULL CHECK (message_no > 0),
  received_no       bigint      NOT NULL CHECK (received_no >= 0),
  file_name         text        NOT NULL,
  object_count      integer     NOT NULL CHECK (object_count >= 0),
  -- Received only: the payments it brought and how many were new.
  payment_count     integer     NOT NULL DEFAULT 0,
  imported_count    integer     NOT NULL DEFAULT 0,
  content           bytea       NOT NULL,
  create_time       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (direction, message_no)
);
