-- Idempotency keys become per caller (common/api/idempotency.h): a request_id is looked up in
-- idempotent_requests under the caller who sent it, never across callers. The keys recorded so
-- far are copied there under the row's creator, without fingerprints (a repeat replays whatever
-- its body). The tables' own request_id columns keep those keys but are no longer written (new
-- rows leave them NULL), so the pods of the previous release, running on this schema during a
-- rollout, still find their unique constraints; a later release drops them (expand, then
-- contract: docs/operations.md).
INSERT INTO idempotent_requests (caller, operation, request_id, resource, create_time)
SELECT created_by, 'CreateClient', request_id, 'clients/' || id, created_at
FROM clients WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateContactPerson', request_id,
       'clients/' || client_id || '/contactPersons/' || id, created_at
FROM contact_persons WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateProject', request_id, 'projects/' || id, created_at
FROM projects WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateEdition', request_id, 'projects/' || project_id || '/editions/' || id,
       created_at
FROM editions WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateEmployee', request_id, 'employees/' || id, created_at
FROM employees WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateDepartment', request_id, 'departments/' || id, created_at
FROM departments WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateGroup', request_id, 'groups/' || id, created_at
FROM client_groups WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateCompetitorExhibition', request_id, 'competitorExhibitions/' || id,
       created_at
FROM competitor_exhibitions WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateParticipation', request_id,
       'clients/' || client_id || '/participations/' || id, created_at
FROM participations WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateMailingSelection', request_id, 'mailingSelections/' || id, created_at
FROM mailing_selections WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateMailingExport', request_id, 'mailingExports/' || id, created_at
FROM mailing_exports WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'CreateImport', request_id, 'imports/' || id, created_at
FROM client_imports WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by, 'MergeClients', request_id, 'merges/' || id, created_at
FROM merges WHERE request_id IS NOT NULL
UNION ALL
SELECT created_by,
       CASE reason WHEN 'FLAGGED_BY_MANAGER' THEN 'FlagClient' ELSE 'MarkPostalAddressInvalid' END,
       request_id, 'verificationItems/' || id, created_at
FROM verification_items
WHERE request_id IS NOT NULL AND request_id NOT LIKE 'returned-mail:%'
ON CONFLICT DO NOTHING;

-- Returned mail opens one item per client and export whoever reports it: that is a key of the
-- item itself, not of a request, so it gets its own unique column.
ALTER TABLE verification_items ADD COLUMN returned_mail_key text UNIQUE;
UPDATE verification_items SET returned_mail_key = request_id
WHERE request_id LIKE 'returned-mail:%';
