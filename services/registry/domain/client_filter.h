#pragma once

#include <string>
#include <string_view>
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
  // Group membership, project participation and curators are filtered by the tables of the
  // organisation area; until those exist, a filter naming them is rejected.
  std::vector<std::string> group_ids;
  std::vector<std::string> project_names;
  std::vector<std::string> curators;
};

// Reads `filter`; violations are reported under `prefix` ("filter.region_codes[0]").
ClientFilterSpec ReadClientFilter(const v1::ClientFilter& filter, std::string_view prefix,
                                  common::Violations& violations);

// A canonical text of the filter, equal for equal filters: page tokens are bound to it.
std::string ClientFilterKey(const ClientFilterSpec& spec);

}  // namespace crm::registry
