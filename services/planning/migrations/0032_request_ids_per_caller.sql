-- Idempotency keys become per caller (common/api/idempotency.h): a request_id is looked up in
-- idempotent_requests under the caller who sent it, never across callers. The keys recorded so
-- far are copied there without fingerprints (a repeat replays whatever its body): a contact's
-- under its owner (who planned it unless a head of sales planned it for them), a redirect's under
-- its sender. Refusal reasons do not record who created them, so their keys are not carried
-- over. The tables' own request_id columns keep those keys but are no longer written (new rows
-- leave them NULL), so the pods of the previous release, running on this schema during a
-- rollout, still find their unique constraints; a later release drops them (expand, then
-- contract: docs/operations.md).
INSERT INTO idempotent_requests (caller, operation, request_id, resource, create_time)
SELECT 'employees/' || owner_id, 'PlanContact', request_id, 'contacts/' || id, create_time
FROM contacts WHERE request_id IS NOT NULL
UNION ALL
SELECT 'employees/' || from_employee_id, 'CreateRedirect', request_id, 'redirects/' || id,
       create_time
FROM redirects WHERE request_id IS NOT NULL
ON CONFLICT DO NOTHING;
