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
#define CRM_REGISTRY_DUPLICATE_MATCH                                 \
  " c.deleted_at IS NULL AND c.id <> p.exclude AND (c.inn = p.inn"   \
  " OR (p.display_key <> '' AND c.display_name_key % p.display_key)" \
  " OR (p.legal_key <> '' AND c.legal_name_key % p.legal_key)"       \
  " OR (p.phone_key <> '' AND c.phone_key = p.phone_key)"            \
  " OR (p.email_key <> '' AND c.email_key = p.email_key)) "

inline const std::vector<common::db::NamedQuery> kQualityQueries = {
    // Many incoming records in one statement (arrays of equal length, one element per record):
    // $1 INNs, $2 KPPs, $3 display names, $4 legal names, $5 phones, $6 e-mails, $7 ids to
    // exclude (the nil UUID for none), $8 the most candidates fetched per record.
    {"duplicate_signals_batch",
     "WITH p AS ("
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
};

}  // namespace crm::registry
