-- Sales plans (services/analytics/README.md, "Sales plans"): per edition and month, for the
-- edition as a whole, a department unit or a manager, in m² and in money. Entered through the API
-- (not from events), so a replay of the stream into an empty database does not rebuild them.

-- An edition's plan: one row once a cell was saved; its version is the plan's etag.
CREATE TABLE sales_plans (
  edition     text        PRIMARY KEY,  -- "projects/{p}/editions/{e}"
  version     bigint      NOT NULL CHECK (version > 0),
  updated_by  text        NOT NULL,     -- "employees/{e}" who changed the plan last
  update_time timestamptz NOT NULL DEFAULT now()
);

-- One month of one target's plan.
CREATE TABLE sales_plan_cells (
  edition     text        NOT NULL REFERENCES sales_plans (edition),
  level       text        NOT NULL CHECK (level IN ('edition', 'department', 'manager')),
  -- '' for the edition, the department unit's uuid, or the manager's (employee's) uuid, as
  -- sales.department_id and sales.manager_id hold them.
  target      text        NOT NULL,
  -- The first day of the month, in the company's time zone (CRM_TIME_ZONE).
  month       date        NOT NULL CHECK (extract(day FROM month) = 1),
  -- Stand space in dm² (hundredths of m²), as sales.area_dm2.
  area_dm2    bigint      NOT NULL CHECK (area_dm2 >= 0),
  -- Money in kopecks without VAT, as sales.net.
  net_kopecks bigint      NOT NULL CHECK (net_kopecks >= 0),
  updated_by  text        NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'edition') = (target = '')),
  PRIMARY KEY (edition, level, target, month)
);
