#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/core/errors.h"
#include "crm/registry/v1/registry.pb.h"

// A validated crm.registry.v1.ClientFilter, in the forms the database compares: the name query
// normalised like the stored search names, the phone as digits, the e-mail in lower case, enum
// values as their stored codes. store/client_filter.h turns it into SQL.
namespace crm::registry {

struct ClientFilterSpec {
  std::string name_query;  // NormalizeCompanyName of the query; "" matches every name
  std::string inn;
  std::string phone_digits;
  std::string email_key;
  std::vector<std::string> region_codes;
  std::vector<std::string> federal_district_codes;
  std::vector<std::string> industry_codes;
  std::vector<std::string> verification_states;  // "VERIFIED", ...
  std::vector<std::string> legal_forms;          // "OOO", ...
  std::string head_client_id;
  // Members of any of these groups.
  std::vector<std::string> group_ids;
  // Participation: in any edition of these projects, in these editions or in these competitors'
  // exhibitions, limited to these years when any are given.
  std::vector<std::string> participation_project_ids;
  std::vector<std::string> participation_edition_ids;
  std::vector<std::string> participation_competitor_ids;
  std::vector<int> participation_years;
  // Current curator terms of these employees, limited to these projects when any are given.
  std::vector<std::string> curator_employee_ids;
  std::vector<std::string> curator_project_ids;
  // The editions named, as (project id, edition id): an edition must belong to its project.
  std::vector<std::pair<std::string, std::string>> edition_refs;
};

// Reads `filter`; violations are reported under `prefix` ("filter.region_codes[0]").
ClientFilterSpec ReadClientFilter(const v1::ClientFilter& filter, std::string_view prefix,
                                  common::Violations& violations);

// Whether the filter names groups, exhibitions, years, employees or projects: ids the database
// must confirm (store/client_filter.h, CheckClientFilterReferences).
bool HasOrganisationConditions(const ClientFilterSpec& spec);

// A canonical text of the filter, equal for equal filters: page tokens are bound to it.
std::string ClientFilterKey(const ClientFilterSpec& spec);

// Whether the filter holds any condition (an empty one matches every client).
bool HasAnyCondition(const ClientFilterSpec& spec);

}  // namespace crm::registry
