-- The fact of a budget's income: the closing documents (acts, УПД and the УКД correcting them)
-- from crm.documents.document.issued, with what their stand-space lines (unit м²) and other lines
-- come to without VAT. One superseded by a later one (`replaces`, `corrects`) or annulled with its
-- sale drops out of the fact.
CREATE TABLE closing_documents (
  document_id      uuid    PRIMARY KEY,
  kind             text    NOT NULL,  -- ACT, UPD, UKD
  number           text    NOT NULL,
  edition          text,              -- "projects/{p}/editions/{e}"; NULL when unknown
  issue_date       date    NOT NULL,
  -- Stand space: m² in thousandths and its net amount; the rest of the net amount is other income.
  area_milli       bigint  NOT NULL CHECK (area_milli >= 0),
  space_kopecks    bigint  NOT NULL,
  net_kopecks      bigint  NOT NULL,
  state            text    NOT NULL CHECK (state IN ('issued', 'replaced', 'annulled')),
  supersedes       uuid,
  source_event_id  text    NOT NULL
);
CREATE INDEX closing_documents_of_edition ON closing_documents (edition, issue_date)
  WHERE state = 'issued';
CREATE INDEX invoices_by_edition ON invoices (edition);
