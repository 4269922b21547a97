-- Idempotency keys become per caller (common/api/idempotency.h): a request_id is looked up in
-- idempotent_requests under the caller who sent it, never across callers. Issuers do not record
-- who created them, so their keys are not carried over; each row keeps the request_id it was
-- created with, no longer unique.
ALTER TABLE issuers DROP CONSTRAINT issuers_request_id_key;
