#pragma once

#include <vector>

#include "common/db/pool.h"

// The statements of the base's quality: duplicate candidates, the verification queue, merges and
// duplicate scans. Executed by name from store/quality_store.cpp.
namespace crm::registry {

// The signals between an incoming record and a live client, as DecodeSignals reads them:
// probe ordinal, id, display_name, legal_name, inn, kpp, same INN+KPP, same INN, name
// similarity, same phone, same e-mail. Candidates are live clients sharing the INN, a similar
// name (pg_trgm's % on the normalised names), the phone digits or the e-mail; `exclude` keeps a
// record from matching itself.
#define CRM_REGISTRY_DUPLICATE_SIGNALS                              \
  " c.id::text, c.display_name, c.legal_name, c.inn, c.kpp,"        \
  " (c.inn = p.inn AND c.kpp = p.kpp), c.inn = p.inn,"              \
  " greatest(similarity(c.display_name_key, p.display_key),"        \
  "          similarity(c.legal_name_key, p.legal_key),"            \
  "          similarity(c.display_name_key, p.legal_key),"          \
  "          similarity(c.legal_name_key, p.display_key))::float8," \
  " (p.phone_key <> '' AND c.phone_key = p.phone_key),"             \
  " (p.email_key <> '' AND c.email_key = p.email_key) "
// The phone and e-mail indexes are partial (keys not empty): the conditions say `c.… <> ''` so
// that every branch of the OR has its index; one branch without makes the planner read the
// whole table for every incoming record.
#define CRM_REGISTRY_DUPLICATE_MATCH                                            \
  " c.deleted_at IS NULL AND c.id <> p.exclude AND (c.inn = p.inn"              \
  " OR (p.display_key <> '' AND c.display_name_key % p.display_key)"            \
  " OR (p.legal_key <> '' AND c.legal_name_key % p.legal_key)"                  \
  " OR (p.phone_key <> '' AND c.phone_key <> '' AND c.phone_key = p.phone_key)" \
  " OR (p.email_key <> '' AND c.email_key <> '' AND c.email_key = p.email_key)) "

// id, survivor, merged ids (comma-separated), filled field names (comma-separated), moved
// contact persons, comment, created (µs), created_by, undone (µs, NULL while in force), undone_by,
// moved group memberships, moved participations, moved curators, ended curators.
#define CRM_REGISTRY_MERGE_COLUMNS                                                           \
  " id::text, survivor_id::text, array_to_string(merged_ids, ','),"                          \
  " array_to_string(ARRAY(SELECT jsonb_object_keys(filled_fields) ORDER BY 1), ','),"        \
  " moved_contact_persons, comment, (extract(epoch FROM created_at) * 1000000)::bigint,"     \
  " created_by, (extract(epoch FROM undone_at) * 1000000)::bigint, coalesce(undone_by, '')," \
  " moved_group_memberships, moved_participations, moved_curators, ended_curators "

// Records rows a merge ($1) moved: `moved` returns (id, from_client_id); the statement returns
// how many.
#define CRM_REGISTRY_MERGE_RECORD(kind)                                            \
  " recorded AS (INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)" \
  " SELECT $1::uuid, '" kind                                                       \
  "', id, from_client_id FROM moved RETURNING 1)"                                  \
  " SELECT count(*)::int FROM recorded"

inline const std::vector<common::db::NamedQuery> kQualityQueries = {
    // Many incoming records in one statement (arrays of equal length, one element per record):
    // $1 INNs, $2 KPPs, $3 display names, $4 legal names, $5 phones, $6 e-mails, $7 ids to
    // exclude (the nil UUID for none), $8 the most candidates fetched per record.
    // The records' keys are computed once (MATERIALIZED): inlined, the key functions' regular
    // expressions ran again for every row an index recheck looked at.
    {"duplicate_signals_batch",
     "WITH p AS MATERIALIZED ("
     " SELECT ord::int AS ord, inn, kpp, registry_name_key(dn) AS display_key,"
     " registry_name_key(ln) AS legal_key, registry_phone_key(ph) AS phone_key,"
     " registry_email_key(em) AS email_key, ex AS exclude"
     " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
     " $7::uuid[]) WITH ORDINALITY AS r(inn, kpp, dn, ln, ph, em, ex, ord))"
     " SELECT p.ord," CRM_REGISTRY_DUPLICATE_SIGNALS " FROM p CROSS JOIN LATERAL ("
     "  SELECT * FROM clients c WHERE" CRM_REGISTRY_DUPLICATE_MATCH
     "  ORDER BY (c.inn = p.inn) DESC,"
     "  greatest(similarity(c.display_name_key, p.display_key),"
     "           similarity(c.legal_name_key, p.legal_key)) DESC, c.id LIMIT $8) c"
     " ORDER BY p.ord"},

    // The rows of an import batch still without a result ($1 import, rows [$2, $3)) against
    // the live clients, as duplicate_signals_batch measures them. Candidates are looked up by
    // equality only (INN, normalised name, phone, e-mail), so a batch costs a few index probes
    // per row whatever the names are like; $4 the most candidates per row.
    {"import_rows_duplicate_signals",
     "WITH p AS (SELECT r.row_number AS ord, r.inn, r.kpp,"
     " registry_name_key(coalesce(nullif(r.display_name, ''), r.legal_name)) AS display_key,"
     " registry_name_key(coalesce(nullif(r.legal_name, ''), r.display_name)) AS legal_key,"
     " registry_phone_key(coalesce(r.phones[1], '')) AS phone_key,"
     " registry_email_key(coalesce(r.emails[1], '')) AS email_key"
     " FROM client_import_rows r WHERE r.import_id = $1::uuid AND r.row_number >= $2"
     " AND r.row_number < $3 AND r.outcome IS NULL)"
     " SELECT p.ord," CRM_REGISTRY_DUPLICATE_SIGNALS " FROM p CROSS JOIN LATERAL ("
     "  SELECT * FROM clients c WHERE c.deleted_at IS NULL AND (c.inn = p.inn"
     "  OR (p.display_key <> '' AND c.display_name_key = p.display_key)"
     "  OR (p.legal_key <> '' AND c.display_name_key = p.legal_key)"
     "  OR (p.display_key <> '' AND c.legal_name_key = p.display_key)"
     "  OR (p.legal_key <> '' AND c.legal_name_key = p.legal_key)"
     // The partial indexes hold only clients with a phone (e-mail): say so to use them.
     "  OR (p.phone_key <> '' AND c.phone_key <> '' AND c.phone_key = p.phone_key)"
     "  OR (p.email_key <> '' AND c.email_key <> '' AND c.email_key = p.email_key))"
     "  ORDER BY (c.inn = p.inn) DESC, c.id LIMIT $4) c"
     " ORDER BY p.ord"},
    // JIT off for this transaction: import_rows_duplicate_signals is thousands of tiny index
    // probes, and compiling it costs more (about 150 ms a batch) than it saves.
    {"duplicate_import_no_jit", "SELECT set_config('jit', 'off', true)"},
    // The trigram threshold of `%` for this transaction: below NameAloneCandidateSimilarity a
    // name alone makes no candidate, and a lower threshold makes look-ups among look-alike names
    // (a base of "Завод «Волга-N»") read most of the index.
    {"duplicate_name_threshold", "SELECT set_config('pg_trgm.similarity_threshold', $1, true)"},
    // A duplicate scan's batch: live clients after $1 in id order, at most $2, with what
    // duplicate_signals_batch compares and the version (the etag).
    {"duplicate_scan_clients",
     "SELECT id::text, display_name, legal_name, inn, kpp, phone, email, version::text"
     " FROM clients WHERE deleted_at IS NULL AND id > $1::uuid ORDER BY id LIMIT $2"},
    // The scan's members outside the batch: id, display_name, legal_name, inn, kpp, version.
    {"duplicate_scan_members",
     "SELECT id::text, display_name, legal_name, inn, kpp, version::text FROM clients"
     " WHERE id = ANY($1::uuid[])"},

    // Verification. The state and the address flag change with a new version of the client, so
    // each transition has its own history row.
    {"client_verification_get",
     "SELECT verification_state, postal_address_valid,"
     " EXISTS (SELECT 1 FROM verification_items i WHERE i.client_id = c.id"
     "         AND i.resolution IS NULL)"
     " FROM clients c WHERE id = $1::uuid"},
    {"client_verification_set",
     "UPDATE clients SET verification_state = $2, postal_address_valid = $3,"
     " version = version + 1, updated_at = now(), updated_by = $4 WHERE id = $1::uuid"},
    // Sets the initial state of a client created in this transaction (no new version).
    {"client_verification_init", "UPDATE clients SET verification_state = $2 WHERE id = $1::uuid"},
    {"verification_item_insert",
     "INSERT INTO verification_items (id, client_id, reason, problem, field_paths, comment,"
     " created_by, returned_mail_key)"
     " VALUES ($1::uuid, $2::uuid, $3, $4, $5::text[], $6, $7, NULLIF($8, ''))"},
    {"verification_candidates_insert",
     "INSERT INTO verification_candidates (item_id, candidate_id, score, reasons)"
     " SELECT $1::uuid, c, s, string_to_array(r, ',')"
     " FROM unnest($2::uuid[], $3::int[], $4::text[]) AS t(c, s, r)"},
    {"verification_items_resolve",
     "UPDATE verification_items SET resolution = $2, resolution_comment = $3,"
     " resolved_at = now(), resolved_by = $4 WHERE client_id = $1::uuid AND resolution IS NULL"},
    // Items with their client: id, client id, display name, version, reason, problem,
    // field_paths, comment, created (µs), created_by.
    {"verification_item_by_returned_mail_key",
     "SELECT i.id::text, i.client_id::text, c.display_name, c.version, i.reason, i.problem,"
     " array_to_string(i.field_paths, ','), i.comment, (extract(epoch FROM i.created_at) * "
     "1000000)::bigint,"
     " i.created_by FROM verification_items i JOIN clients c ON c.id = i.client_id"
     " WHERE i.returned_mail_key = $1"},
    {"verification_item_get",
     "SELECT i.id::text, i.client_id::text, c.display_name, c.version, i.reason, i.problem,"
     " array_to_string(i.field_paths, ','), i.comment, (extract(epoch FROM i.created_at) * "
     "1000000)::bigint,"
     " i.created_by FROM verification_items i JOIN clients c ON c.id = i.client_id"
     " WHERE i.id = $1::uuid"},
    // The queue, oldest first: keyset on (created_at, id); $1 a reason or '' for all; the key's
    // time is microseconds since the epoch.
    {"verification_queue",
     "SELECT i.id::text, i.client_id::text, c.display_name, c.version, i.reason, i.problem,"
     " array_to_string(i.field_paths, ','), i.comment, (extract(epoch FROM i.created_at) * "
     "1000000)::bigint,"
     " i.created_by FROM verification_items i JOIN clients c ON c.id = i.client_id"
     " WHERE i.resolution IS NULL AND ($1 = '' OR i.reason = $1)"
     " AND (i.created_at, i.id) > ('epoch'::timestamptz + $2::bigint * interval '1 microsecond',"
     " $3::uuid) ORDER BY i.created_at, i.id LIMIT $4"},
    // The recorded candidates of many items that are still live clients: item id, then
    // candidate id, display_name, legal_name, inn, kpp, score, reasons.
    {"verification_candidates_of_items",
     "SELECT v.item_id::text, c.id::text, c.display_name, c.legal_name, c.inn, c.kpp, v.score,"
     " array_to_string(v.reasons, ',') FROM verification_candidates v"
     " JOIN clients c ON c.id = v.candidate_id"
     " WHERE v.item_id = ANY($1::uuid[]) AND c.deleted_at IS NULL"
     " ORDER BY v.item_id, v.score DESC, c.display_name, c.id"},

    // Merges (columns: CRM_REGISTRY_MERGE_COLUMNS).
    {"merge_insert",
     "INSERT INTO merges (id, survivor_id, merged_ids, filled_fields, comment,"
     " created_by) VALUES ($1::uuid, $2::uuid, $3::uuid[], $4::jsonb, $5, $6)"},
    {"merge_get", "SELECT" CRM_REGISTRY_MERGE_COLUMNS "FROM merges WHERE id = $1::uuid"},
    {"merge_get_for_update",
     "SELECT" CRM_REGISTRY_MERGE_COLUMNS "FROM merges WHERE id = $1::uuid FOR UPDATE"},
    {"merge_filled_fields",
     "SELECT key, value FROM merges, jsonb_each_text(filled_fields) WHERE id = $1::uuid"
     " ORDER BY key"},
    // Re-points the contact persons of the merged clients ($3) to the survivor ($2), recording
    // each row moved; returns how many moved.
    {"merge_move_contact_persons",
     "WITH moved AS ("
     " UPDATE contact_persons c SET client_id = $2::uuid"
     " FROM (SELECT id, client_id FROM contact_persons WHERE client_id = ANY($3::uuid[])) old"
     " WHERE c.id = old.id RETURNING c.id, old.client_id AS from_client_id),"
     " recorded AS (INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)"
     " SELECT $1::uuid, 'contact_person', id, from_client_id FROM moved RETURNING 1)"
     " SELECT count(*)::int FROM recorded"},
    // Group memberships of the merged clients in groups the survivor is not in; when several
    // merged clients share such a group, the first one's membership moves (merged order) and the
    // others stay with their client.
    {"merge_move_group_memberships",
     "WITH candidates AS ("
     " SELECT DISTINCT ON (m.group_id) m.group_id, m.client_id FROM client_group_members m"
     " WHERE m.client_id = ANY($3::uuid[]) AND NOT EXISTS (SELECT 1 FROM client_group_members s"
     "  WHERE s.group_id = m.group_id AND s.client_id = $2::uuid)"
     " ORDER BY m.group_id, array_position($3::uuid[], m.client_id)),"
     " moved AS (UPDATE client_group_members g SET client_id = $2::uuid FROM candidates c"
     " WHERE g.group_id = c.group_id AND g.client_id = c.client_id"
     " RETURNING g.group_id AS id, c.client_id AS from_client_id)," CRM_REGISTRY_MERGE_RECORD(
         "group_membership")},
    // Participation in an edition (or a competitor's exhibition in a year) the survivor has no
    // record of; the first merged client's record of it moves.
    {"merge_move_participations",
     "WITH candidates AS ("
     " SELECT DISTINCT ON (coalesce(p.edition_id::text, p.competitor_exhibition_id::text || '/'"
     " || p.year)) p.id, p.client_id FROM participations p"
     " WHERE p.client_id = ANY($3::uuid[]) AND NOT EXISTS (SELECT 1 FROM participations s"
     "  WHERE s.client_id = $2::uuid AND (s.edition_id = p.edition_id"
     "  OR (s.competitor_exhibition_id = p.competitor_exhibition_id AND s.year = p.year)))"
     " ORDER BY coalesce(p.edition_id::text, p.competitor_exhibition_id::text || '/' || p.year),"
     " array_position($3::uuid[], p.client_id)),"
     " moved AS (UPDATE participations p SET client_id = $2::uuid FROM candidates c"
     " WHERE p.id = c.id RETURNING p.id, c.client_id AS from_client_id)," CRM_REGISTRY_MERGE_RECORD(
         "participation")},
    // Current curator terms for a project and contact person the survivor has no curator for;
    // ended terms stay with their client as its history.
    {"merge_move_curators",
     "WITH candidates AS ("
     " SELECT DISTINCT ON (t.project_id, t.contact_person_id) t.id, t.client_id FROM curators t"
     " WHERE t.client_id = ANY($3::uuid[]) AND t.ended_at IS NULL AND NOT EXISTS ("
     "  SELECT 1 FROM curators s WHERE s.client_id = $2::uuid AND s.ended_at IS NULL"
     "  AND s.project_id = t.project_id"
     "  AND s.contact_person_id IS NOT DISTINCT FROM t.contact_person_id)"
     " ORDER BY t.project_id, t.contact_person_id, array_position($3::uuid[], t.client_id)),"
     " moved AS (UPDATE curators t SET client_id = $2::uuid FROM candidates c"
     " WHERE t.id = c.id RETURNING t.id, c.client_id AS from_client_id)," CRM_REGISTRY_MERGE_RECORD(
         "curator")},
    // The merged clients' ($2) current terms left after merge_move_curators: the survivor's
    // curator took over. $3 the actor.
    {"merge_end_curators",
     "WITH moved AS (UPDATE curators SET ended_at = now(), ended_by = $3, end_reason = 'replaced'"
     " WHERE client_id = ANY($2::uuid[]) AND ended_at IS NULL"
     " RETURNING id, client_id AS from_client_id)," CRM_REGISTRY_MERGE_RECORD("curator_ended")},
    {"merge_count_moved_set",
     "UPDATE merges SET moved_contact_persons = $2, moved_group_memberships = $3,"
     " moved_participations = $4, moved_curators = $5, ended_curators = $6 WHERE id = $1::uuid"},
    {"merge_unmove_contact_persons",
     "UPDATE contact_persons c SET client_id = m.from_client_id FROM merge_moves m"
     " WHERE m.merge_id = $1::uuid AND m.kind = 'contact_person' AND c.id = m.row_id"},
    // Memberships the survivor ($2) still has go back; one removed since stays removed.
    {"merge_unmove_group_memberships",
     "UPDATE client_group_members g SET client_id = m.from_client_id FROM merge_moves m"
     " WHERE m.merge_id = $1::uuid AND m.kind = 'group_membership' AND g.group_id = m.row_id"
     " AND g.client_id = $2::uuid"},
    {"merge_unmove_participations",
     "UPDATE participations p SET client_id = m.from_client_id FROM merge_moves m"
     " WHERE m.merge_id = $1::uuid AND m.kind = 'participation' AND p.id = m.row_id"},
    // A moved term goes back whether it is still current or ended since (it is that client's
    // history either way).
    {"merge_unmove_curators",
     "UPDATE curators t SET client_id = m.from_client_id FROM merge_moves m"
     " WHERE m.merge_id = $1::uuid AND m.kind = 'curator' AND t.id = m.row_id"},
    {"merge_reopen_curators",
     "UPDATE curators t SET ended_at = NULL, ended_by = NULL, end_reason = NULL"
     " FROM merge_moves m WHERE m.merge_id = $1::uuid AND m.kind = 'curator_ended'"
     " AND t.id = m.row_id"},
    {"merge_retire_clients",
     "UPDATE clients SET deleted_at = now(), merged_into = $2::uuid, version = version + 1,"
     " updated_at = now(), updated_by = $3 WHERE id = ANY($1::uuid[])"},
    {"merge_restore_clients",
     "UPDATE clients SET deleted_at = NULL, merged_into = NULL, version = version + 1,"
     " updated_at = now(), updated_by = $3"
     " WHERE id = ANY($1::uuid[]) AND merged_into = $2::uuid"},
    {"merge_close_items",
     "UPDATE verification_items SET resolution = 'MERGED', resolution_comment = $3,"
     " resolved_at = now(), resolved_by = $4, merge_id = $1::uuid"
     " WHERE client_id = ANY($2::uuid[]) AND resolution IS NULL"},
    {"merge_reopen_items",
     "UPDATE verification_items SET resolution = NULL, resolution_comment = '',"
     " resolved_at = NULL, resolved_by = NULL, merge_id = NULL WHERE merge_id = $1::uuid"},
    {"merge_mark_undone",
     "UPDATE merges SET undone_at = now(), undone_by = $2 WHERE id = $1::uuid"},
    // The clients of a merge still merged into its survivor ($2), of those in $1.
    {"merge_clients_still_merged",
     "SELECT count(*)::int FROM clients WHERE id = ANY($1::uuid[]) AND merged_into = $2::uuid"},
};

#undef CRM_REGISTRY_DUPLICATE_SIGNALS
#undef CRM_REGISTRY_DUPLICATE_MATCH
#undef CRM_REGISTRY_MERGE_COLUMNS
#undef CRM_REGISTRY_MERGE_RECORD

}  // namespace crm::registry
