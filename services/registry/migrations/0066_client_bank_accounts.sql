-- A client's bank accounts (Client.bank_accounts), the main one first: a JSON array of objects
-- {"bik", "account", "correspondent_account", "bank_name"}, validated by the service (БИК and the
-- accounts' control keys) before it is written. Read and written whole with the client's row, like
-- its lists of phones and e-mail addresses; nothing searches by them.
ALTER TABLE clients
  ADD COLUMN bank_accounts jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(bank_accounts) = 'array');
