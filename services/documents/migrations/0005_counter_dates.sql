-- The latest issue date of each numbering series, so a number is never dated before the one
-- issued before it: a document of an earlier day (an event delivered late) is dated the series'
-- latest day instead, the day it was actually issued.
ALTER TABLE document_counters ADD COLUMN last_date date;
UPDATE document_counters c
   SET last_date = d.last_date
  FROM (SELECT issuer_id, doc_type, year, max(issue_date) AS last_date
          FROM documents GROUP BY issuer_id, doc_type, year) d
 WHERE (c.issuer_id, c.doc_type, c.year) = (d.issuer_id, d.doc_type, d.year);
