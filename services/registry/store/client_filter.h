#pragma once

#include <string>
#include <vector>

#include "services/registry/domain/client_filter.h"

// The one translation of a ClientFilter into SQL, for every statement that selects clients by a
// filter (search, group bulk operations, mailing selections, curator assignment). Such a
// statement reads `clients c` and puts CRM_REGISTRY_CLIENT_FILTER_CONDITION in its WHERE clause;
// the condition's parameters are $1..$11, bound from ClientFilterParameters, and the statement's
// own parameters follow from $12. Every value is a bound parameter; the SQL text never changes.
//
// Parameters: $1 LIKE pattern of the name query, $2 the normalised name query, $3 INN, $4 phone
// digits, $5 e-mail key, $6 region codes, $7 federal district codes, $8 industry codes,
// $9 verification states, $10 legal forms, $11 head client id; "" or an empty array when absent.
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
  " AND ($11 = '' OR c.head_client_id = NULLIF($11, '')::uuid) "

namespace crm::registry {

inline constexpr int kClientFilterParameterCount = 11;

// The values of $1..$11 for `spec`, in order; pass them with pqxx::prepare::make_dynamic_params
// before the statement's own parameters.
std::vector<std::string> ClientFilterParameters(const ClientFilterSpec& spec);

// A PostgreSQL text[] literal ('{"a","b"}') holding `values` exactly.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace crm::registry
