-- Idempotency keys become per caller (common/api/idempotency.h): a request_id is looked up in
-- idempotent_requests under the caller who sent it, never across callers. The keys recorded so
-- far move there without fingerprints (a repeat replays whatever its body): a contact's under
-- its owner (who planned it unless a head of sales planned it for them), a redirect's under its
-- sender. Refusal reasons do not record who created them, so their keys are not carried over.
-- Each row keeps the request_id it was created with, no longer unique.
INSERT INTO idempotent_requests (caller, operation, request_id, resource, create_time)
SELECT 'employees/' || owner_id, 'PlanContact', request_id, 'contacts/' || id, create_time
FROM contacts WHERE request_id IS NOT NULL
UNION ALL
SELECT 'employees/' || from_employee_id, 'CreateRedirect', request_id, 'redirects/' || id,
       create_time
FROM redirects WHERE request_id IS NOT NULL
ON CONFLICT DO NOTHING;

ALTER TABLE contacts DROP CONSTRAINT contacts_request_id_key;
ALTER TABLE redirects DROP CONSTRAINT redirects_request_id_key;
ALTER TABLE refusal_reasons DROP CONSTRAINT refusal_reasons_request_id_key;
