#include "services/registry/store/client_filter.h"

#include "services/registry/domain/search_text.h"

namespace crm::registry {

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
  };
  return parameters;
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
