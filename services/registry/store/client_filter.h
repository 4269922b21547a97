#pragma once

#include <array>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/registry/domain/client_filter.h"

// The one translation of a ClientFilter into SQL, for every statement that selects clients by a
// filter (search, group bulk operations, mailing selections, curator assignment). Such a
// statement reads `clients c` and puts the filter condition in its WHERE clause; the condition's
// parameters are $1..$18, bound from ClientFilterParameters, and the statement's own parameters
// follow from $19. Every value is a bound parameter; the SQL text never changes. The statements
// of store/sql/*.sql spell the condition out word for word (clients_search_by_display_name in
// clients.sql is the reference text; mailing.sql, groups.sql and project_clients.sql repeat it).
//
// Parameters: $1 LIKE pattern of the name query, $2 the normalised name query, $3 INN, $4 phone
// digits, $5 e-mail key, $6 region codes, $7 federal district codes, $8 industry codes,
// $9 verification states, $10 legal forms, $11 head client id, $12 group ids, $13 ids of projects
// and $14 of editions and $15 of competitor exhibitions taken part in, $16 participation years,
// $17 curator employee ids, $18 curator project ids; "" or an empty array when absent.
// Membership, participation and curators are EXISTS clauses on their tables, each served by an
// index led by client_id.
namespace crm::registry {

inline constexpr int kClientFilterParameterCount = 18;

// A name matches a query with typos when their word similarity reaches pg_trgm's
// word_similarity_threshold; every statement using the filter condition runs at its default, 0.6.
// A relevance-ordered search tries stricter thresholds first (see SearchClients): a page filled at
// a stricter threshold is exactly the page the default would give, because every name it leaves
// out scores below all the names it returned; it only spares PostgreSQL from scoring the
// thousands of weak matches a common word brings.
inline constexpr std::array<const char*, 3> kNameSimilarityTiers = {"1", "0.7", "0.6"};

// The tiers a relevance search tries for the names that do not contain the normalised `fragment`
// but are similar to it (SearchClients reads the names containing it first). Starting at any tier
// gives the same page; a stricter one only spares scoring. A single word starts at 0.7: a name
// that does not contain it scores 1 only when its letters are spread over several words, so the
// strictest scan would nearly always be run in vain. Several words start at 1, which names
// holding the words in another order reach.
inline std::span<const char* const> SimilarNameTiers(std::string_view fragment) {
  const std::span<const char* const> tiers(kNameSimilarityTiers);
  return fragment.find(' ') == std::string_view::npos ? tiers.subspan(1) : tiers;
}

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
