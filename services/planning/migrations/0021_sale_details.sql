-- Sale details (stand type, price override, service lines, discount), amendments and
-- cancellation. Rows recorded before get the values they implicitly had: the edition's price,
-- no services, no discount, so space_amount = net_amount.

ALTER TABLE sales
  ADD COLUMN stand_type            text    NOT NULL DEFAULT '',
  ADD COLUMN list_price_per_m2     bigint  CHECK (list_price_per_m2 >= 0),
  ADD COLUMN price_override_reason text    NOT NULL DEFAULT '',
  -- crm.planning.v1.ServiceLine values as canonical JSON, amounts included.
  ADD COLUMN service_lines         jsonb   NOT NULL DEFAULT '[]',
  -- crm.planning.v1.Discount as canonical JSON; NULL when none.
  ADD COLUMN discount              jsonb,
  ADD COLUMN space_amount          bigint,
  ADD COLUMN services_amount       bigint  NOT NULL DEFAULT 0 CHECK (services_amount >= 0),
  ADD COLUMN discount_amount       bigint  NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  ADD COLUMN state                 text    NOT NULL DEFAULT 'ACTIVE'
                                           CHECK (state IN ('ACTIVE', 'CANCELLED')),
  ADD COLUMN cancel_reason         text    NOT NULL DEFAULT '',
  ADD COLUMN cancel_time           timestamptz,
  ADD COLUMN cancelled_by          text    NOT NULL DEFAULT '',
  ADD COLUMN version               bigint  NOT NULL DEFAULT 1,
  ADD COLUMN update_time           timestamptz;

UPDATE sales SET list_price_per_m2 = price_per_m2, space_amount = net_amount,
                 update_time = sale_time;

ALTER TABLE sales
  ALTER COLUMN list_price_per_m2 SET NOT NULL,
  ALTER COLUMN space_amount SET NOT NULL,
  ALTER COLUMN update_time SET NOT NULL,
  ADD CHECK (net_amount = space_amount + services_amount - discount_amount),
  ADD CHECK ((state = 'CANCELLED') = (cancel_time IS NOT NULL));

CREATE INDEX sales_by_client ON sales (client_id);
