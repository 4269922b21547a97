#include "services/registry/store/client_filter.h"

#include "common/core/errors.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "services/registry/domain/search_text.h"

namespace crm::registry {

using common::db::ArrayLiteral;
using common::db::QuotedArrayLiteral;

std::vector<std::string> ClientFilterParameters(const ClientFilterSpec& spec) {
  std::vector<std::string> parameters = {
      spec.name_query.empty() ? "" : ContainsPattern(spec.name_query),
      spec.name_query,
      spec.inn,
      spec.phone_digits,
      spec.email_key,
      QuotedArrayLiteral(spec.region_codes),
      QuotedArrayLiteral(spec.federal_district_codes),
      QuotedArrayLiteral(spec.industry_codes),
      QuotedArrayLiteral(spec.verification_states),
      QuotedArrayLiteral(spec.legal_forms),
      spec.head_client_id,
      ArrayLiteral(spec.group_ids),
      ArrayLiteral(spec.participation_project_ids),
      ArrayLiteral(spec.participation_edition_ids),
      ArrayLiteral(spec.participation_competitor_ids),
      common::db::NumberArrayLiteral(spec.participation_years),
      ArrayLiteral(spec.curator_employee_ids),
      ArrayLiteral(spec.curator_project_ids),
  };
  return parameters;
}

void CheckClientFilterReferences(pqxx::transaction_base& tx, const ClientFilterSpec& spec,
                                 const std::string& viewer, std::string_view prefix) {
  if (!HasOrganisationConditions(spec)) {
    return;
  }
  std::vector<std::string> edition_projects;
  std::vector<std::string> editions;
  for (const auto& [project, edition] : spec.edition_refs) {
    edition_projects.push_back(project);
    editions.push_back(edition);
  }
  const pqxx::result unknown = tx.exec_prepared(
      "client_filter_unknown_references", ArrayLiteral(spec.group_ids),
      ArrayLiteral(spec.participation_project_ids), ArrayLiteral(edition_projects),
      ArrayLiteral(editions), ArrayLiteral(spec.participation_competitor_ids),
      ArrayLiteral(spec.curator_employee_ids), ArrayLiteral(spec.curator_project_ids), viewer);
  if (unknown.empty()) {
    return;
  }
  common::Violations v;
  for (const auto& result_row : unknown) {
    const common::db::Row row(result_row);
    std::string field(prefix);
    if (!field.empty()) {
      field += '.';
    }
    field += row.Text("field");
    v.Add(field, "names nothing that exists: " + row.Text("name"));
  }
  v.ThrowIfAny();
}

}  // namespace crm::registry
