#include "services/registry/domain/quality_validation.h"

#include <algorithm>
#include <string>

#include "common/core/errors.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

bool AllDigits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void CheckOptional(Violations& v, const char* path, std::string* value, std::size_t max) {
  v.AddIf(path, CheckText(*value, {.required = false, .max_characters = max}));
}

}  // namespace

v1::Client ValidateCheckDuplicates(const v1::CheckDuplicatesRequest& request) {
  Violations v;
  v1::Client client;
  if (!request.has_client()) {
    throw common::ValidationError("client", "is required");
  }
  const v1::Client& in = request.client();
  client.set_display_name(in.display_name());
  client.set_legal_name(in.legal_name());
  client.set_inn(Trim(in.inn()));
  client.set_kpp(Trim(in.kpp()));
  client.set_phone(in.phone());
  client.set_email(in.email());
  CheckOptional(v, "client.display_name", client.mutable_display_name(), kNameMaxCharacters);
  CheckOptional(v, "client.legal_name", client.mutable_legal_name(), kNameMaxCharacters);
  if (!client.inn().empty() &&
      (!AllDigits(client.inn()) || (client.inn().size() != 10 && client.inn().size() != 12))) {
    v.Add("client.inn", "must be 10 or 12 digits");
  }
  if (!client.kpp().empty() && client.kpp().size() != 9) {
    v.Add("client.kpp", "must be 9 characters");
  }
  CheckOptional(v, "client.phone", client.mutable_phone(), 40);
  if (!client.phone().empty()) {
    v.AddIf("client.phone", CheckPhone(client.phone()));
  }
  CheckOptional(v, "client.email", client.mutable_email(), 254);
  if (!client.email().empty()) {
    v.AddIf("client.email", CheckEmail(client.email()));
  }
  if (v.empty() && client.display_name().empty() && client.legal_name().empty() &&
      client.inn().empty() && client.phone().empty() && client.email().empty()) {
    v.Add("client", "give at least one of display_name, legal_name, inn, phone, email");
  }
  v.ThrowIfAny();
  return client;
}

}  // namespace crm::registry
