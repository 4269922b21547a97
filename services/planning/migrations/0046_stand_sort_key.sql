-- Stands read in the order people count them: "A-2" before "A-10". sort_key is the number key
-- with every run of digits padded to eight (domain::StandSortKey writes it for new stands),
-- compared byte by byte.
ALTER TABLE stands ADD COLUMN sort_key text;

UPDATE stands s
SET sort_key = (
  SELECT string_agg(CASE WHEN m.part[1] ~ '^[0-9]' AND length(m.part[1]) < 8
                         THEN lpad(m.part[1], 8, '0') ELSE m.part[1] END, '' ORDER BY m.n)
  FROM regexp_matches(s.number_key, '([0-9]+|[^0-9]+)', 'g') WITH ORDINALITY AS m (part, n));

ALTER TABLE stands ALTER COLUMN sort_key SET NOT NULL;

DROP INDEX stands_by_edition_status;
CREATE INDEX stands_by_edition_status ON stands (edition_id, status, sort_key COLLATE "C", id);
CREATE INDEX stands_in_order ON stands (edition_id, sort_key COLLATE "C", id);
