#pragma once

#include <array>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "services/registry/domain/client_filter.h"

// The one translation of a ClientFilter into SQL, for every statement that selects clients by a
// filter (search, group bulk operations, mailing selections, curator assignment). Such a
// statement reads `clients c` and puts the filter condition in its WHERE clause; the condition's
// parameters are $1..$18, bound from ClientFilterParameters, and the statement's own parameters
// follow from $19. Every value is a bound parameter; the SQL text never changes. The statements
// of store/sql/*.sql spell the condition out (clients_search_by_display_name is the reference
// text); CRM_REGISTRY_CLIENT_FILTER_CONDITION below is the same text for the statements still
// written in C++ (store/organisation_queries.h), and goes when they move to store/sql.
//
// Parameters: $1 LIKE pattern of the name query, $2 the normalised name query, $3 INN, $4 phone
// digits, $5 e-mail key, $6 region codes, $7 federal district codes, $8 industry codes,
// $9 verification states, $10 legal forms, $11 head client id, $12 group ids, $13 ids of projects
// and $14 of editions and $15 of competitor exhibitions taken part in, $16 participation years,
// $17 curator employee ids, $18 curator project ids; "" or an empty array when absent.
// Membership, participation and curators are EXISTS clauses on their tables, each served by an
// index led by client_id.
#define CRM_REGISTRY_CLIENT_FILTER_CONDITION                                                     \
  " ($2 = '' OR c.search_name LIKE $1 OR $2 <% c.search_name)"                                   \
  " AND ($3 = '' OR c.inn = $3)"                                                                 \
  " AND ($4 = '' OR c.phone_digits @> ARRAY[$4::text] OR EXISTS (SELECT 1 FROM contact_persons"  \
  " p WHERE p.client_id = c.id AND p.deleted_at IS NULL AND p.phone_digits @> ARRAY[$4::text]))" \
  " AND ($5 = '' OR c.email_keys @> ARRAY[$5::text] OR EXISTS (SELECT 1 FROM contact_persons"    \
  " p WHERE p.client_id = c.id AND p.deleted_at IS NULL AND p.email_keys @> ARRAY[$5::text]))"   \
  " AND (cardinality($6::text[]) = 0 OR c.region_code = ANY ($6::text[]))"                       \
  " AND (cardinality($7::text[]) = 0 OR c.federal_district = ANY ($7::text[]))"                  \
  " AND (cardinality($8::text[]) = 0 OR c.industry_code = ANY ($8::text[]))"                     \
  " AND (cardinality($9::text[]) = 0 OR c.verification_state = ANY ($9::text[]))"                \
  " AND (cardinality($10::text[]) = 0 OR c.legal_form = ANY ($10::text[]))"                      \
  " AND ($11 = '' OR c.head_client_id = NULLIF($11, '')::uuid)"                                  \
  " AND (cardinality($12::uuid[]) = 0 OR EXISTS (SELECT 1 FROM client_group_members gm"          \
  " WHERE gm.client_id = c.id AND gm.group_id = ANY ($12::uuid[])))"                             \
  " AND (cardinality($13::uuid[]) + cardinality($14::uuid[]) + cardinality($15::uuid[])"         \
  " + cardinality($16::int[]) = 0 OR EXISTS (SELECT 1 FROM participations pa"                    \
  " LEFT JOIN editions pe ON pe.id = pa.edition_id WHERE pa.client_id = c.id"                    \
  " AND (cardinality($13::uuid[]) + cardinality($14::uuid[]) + cardinality($15::uuid[]) = 0"     \
  " OR pe.project_id = ANY ($13::uuid[]) OR pa.edition_id = ANY ($14::uuid[])"                   \
  " OR pa.competitor_exhibition_id = ANY ($15::uuid[]))"                                         \
  " AND (cardinality($16::int[]) = 0 OR pa.year = ANY ($16::int[]))))"                           \
  " AND (cardinality($17::uuid[]) + cardinality($18::uuid[]) = 0 OR EXISTS (SELECT 1"            \
  " FROM curators cu WHERE cu.client_id = c.id AND cu.ended_at IS NULL"                          \
  " AND (cardinality($17::uuid[]) = 0 OR cu.employee_id = ANY ($17::uuid[]))"                    \
  " AND (cardinality($18::uuid[]) = 0 OR cu.project_id = ANY ($18::uuid[])))) "

namespace crm::registry {

inline constexpr int kClientFilterParameterCount = 18;

// A name matches a query with typos when their word similarity reaches pg_trgm's
// word_similarity_threshold; every statement using the filter condition runs at its default, 0.6.
// A relevance-ordered search tries stricter thresholds first (see SearchClients): a page filled at
// a stricter threshold is exactly the page the default would give, because every name it leaves
// out scores below all the names it returned; it only spares PostgreSQL from scoring the
// thousands of weak matches a common word brings.
inline constexpr std::array<const char*, 3> kNameSimilarityTiers = {"1", "0.7", "0.6"};

// The values of $1..$18 for `spec`, in order; pass them with pqxx::prepare::make_dynamic_params
// before the statement's own parameters.
std::vector<std::string> ClientFilterParameters(const ClientFilterSpec& spec);

// Confirms that every group, project, edition, competitor exhibition and employee the filter
// names exists; groups must be live and visible to `viewer` (another's personal group is
// unknown). Throws common::ValidationError listing each unknown name under `prefix` + field
// ("filter.groups"). One statement, whatever the number of names.
void CheckClientFilterReferences(pqxx::transaction_base& tx, const ClientFilterSpec& spec,
                                 const std::string& viewer, std::string_view prefix);

}  // namespace crm::registry
