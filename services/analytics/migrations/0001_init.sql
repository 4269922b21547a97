-- The analytics projection, built from the event stream by the "analytics-all" consumer. Every
-- row can be rebuilt by replaying the stream, so every write is an idempotent upsert.

-- Employee (manager) names, from crm.registry.employee.created, and from sale snapshots for a
-- manager whose creation event this projection has not seen.
CREATE TABLE employees (
  id        uuid PRIMARY KEY,
  full_name text NOT NULL
);

-- Contacts, from crm.planning.contact.planned and crm.planning.contact.completed. Completion is
-- final: a "planned" event arriving after the "completed" one leaves the row completed.
CREATE TABLE contacts (
  id             uuid        PRIMARY KEY,
  owner_id       uuid        NOT NULL,
  -- The ContactType enum name, e.g. "CONTACT_TYPE_CALL": the report's key.
  type           text        NOT NULL,
  scheduled_time timestamptz NOT NULL,
  state          text        NOT NULL CHECK (state IN ('planned', 'completed')),
  -- "sale", "refusal", "reschedule" or "note"; set exactly when completed.
  result_kind    text,
  complete_time  timestamptz,
  CHECK ((state = 'completed') = (result_kind IS NOT NULL AND complete_time IS NOT NULL))
);
-- Report sections: completed contacts by completion time, open ones by scheduled time.
CREATE INDEX contacts_completed_by_owner ON contacts (owner_id, complete_time)
  WHERE state = 'completed';
CREATE INDEX contacts_planned_by_owner ON contacts (owner_id, scheduled_time)
  WHERE state = 'planned';

-- Sales, from crm.planning.sale.recorded. Amounts in kopecks, area in dm².
CREATE TABLE sales (
  id         uuid        PRIMARY KEY,
  manager_id uuid        NOT NULL,
  area_dm2   bigint      NOT NULL,
  net        bigint      NOT NULL,
  total      bigint      NOT NULL,
  sale_time  timestamptz NOT NULL
);
CREATE INDEX sales_by_manager ON sales (manager_id, sale_time);
