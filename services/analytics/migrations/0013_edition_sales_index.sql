-- GetSalesReport for one edition reads its sales of the period by (edition, sale_time) and joins
-- their invoices and payments by sale id: with the id in the index as well the sales are an
-- index-only scan (the one it replaces made a heap fetch per sale: some 17,000 random pages for an
-- edition's two months over 1 M sales, tools/bench/run analytics).
CREATE INDEX sales_by_edition_with_id ON sales (edition, sale_time)
  INCLUDE (id, state, stand_type, area_dm2, net, total, manager_id, department_id);
DROP INDEX sales_by_edition_covering;
