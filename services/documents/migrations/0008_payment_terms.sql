-- Payment terms: the days an issuer gives a buyer to pay an invoice, and each invoice's due date
-- (issue date + those days), printed on it and published for accounting's reminders.
ALTER TABLE issuers ADD COLUMN payment_term_days integer NOT NULL DEFAULT 5
  CHECK (payment_term_days BETWEEN 1 AND 90);
ALTER TABLE documents ADD COLUMN payment_due_date date;
