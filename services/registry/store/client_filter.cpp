#include "services/registry/store/client_filter.h"

#include <type_traits>

#include "common/core/errors.h"
#include "services/registry/domain/search_text.h"

namespace crm::registry {
namespace {

// uuid[] and int[] parameters in PostgreSQL's array text form; neither needs quoting.
template <class Values>
std::string UuidOrIntArray(const Values& values) {
  std::string text = "{";
  for (const auto& value : values) {
    if (text.size() > 1) {
      text += ',';
    }
    if constexpr (std::is_same_v<typename Values::value_type, int>) {
      text += std::to_string(value);
    } else {
      text += value;
    }
  }
  return text + "}";
}

std::string UuidArray(const std::vector<std::string>& ids) { return UuidOrIntArray(ids); }
std::string IntArray(const std::vector<int>& values) { return UuidOrIntArray(values); }

}  // namespace

std::vector<std::string> ClientFilterParameters(const ClientFilterSpec& spec) {
  std::vector<std::string> parameters = {
      spec.name_query.empty() ? "" : ContainsPattern(spec.name_query),
      spec.name_query,
      spec.inn,
      spec.phone_digits,
      spec.email_key,
      TextArrayLiteral(spec.region_codes),
      TextArrayLiteral(spec.federal_district_codes),
      TextArrayLiteral(spec.industry_codes),
      TextArrayLiteral(spec.verification_states),
      TextArrayLiteral(spec.legal_forms),
      spec.head_client_id,
      UuidArray(spec.group_ids),
      UuidArray(spec.participation_project_ids),
      UuidArray(spec.participation_edition_ids),
      UuidArray(spec.participation_competitor_ids),
      IntArray(spec.participation_years),
      UuidArray(spec.curator_employee_ids),
      UuidArray(spec.curator_project_ids),
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
      "client_filter_unknown_references", UuidArray(spec.group_ids),
      UuidArray(spec.participation_project_ids), UuidArray(edition_projects), UuidArray(editions),
      UuidArray(spec.participation_competitor_ids), UuidArray(spec.curator_employee_ids),
      UuidArray(spec.curator_project_ids), viewer);
  if (unknown.empty()) {
    return;
  }
  common::Violations v;
  for (const auto& row : unknown) {
    std::string field(prefix);
    if (!field.empty()) {
      field += '.';
    }
    field += row[0].c_str();
    v.Add(field, std::string("names nothing that exists: ") + row[1].c_str());
  }
  v.ThrowIfAny();
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      literal += ',';
    }
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        literal += '\\';
      }
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

}  // namespace crm::registry
