-- Soft deletion of clients: a deleted client keeps its row, history and INN+KPP (so undeleting
-- it can never collide), stays readable by name, and drops out of lists and search.
ALTER TABLE clients ADD COLUMN deleted_at timestamptz;

-- Lists and search walk live clients in display-name order.
CREATE INDEX clients_live_by_display_name ON clients (display_name, id) WHERE deleted_at IS NULL;

COMMENT ON COLUMN client_history.change IS
  'created, updated, deleted or undeleted; merged as that operation arrives';
