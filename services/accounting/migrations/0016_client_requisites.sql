-- Accounting's copy of registry's clients as the 1C exchange needs them, from
-- crm.registry.client.created, updated, undeleted and restored: the names, INN, KPP and bank
-- accounts of each (a crm.events.v1.ClientSnapshot holding only those fields, as protobuf JSON).
-- A client's bank accounts go to 1C with its counterparty (docs/accounting-enterprise-data.md)
-- and again whenever they change. event_time is the ce-time of the event applied last: an older
-- event changes nothing.
CREATE TABLE client_requisites (
  id          uuid        PRIMARY KEY,
  requisites  jsonb       NOT NULL,
  event_time  timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
