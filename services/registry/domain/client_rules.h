#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "crm/registry/v1/registry.pb.h"

// The client model's reference data and derived values: legal forms, industries, OKVED codes,
// addresses and geography. Pure functions, shared by the API, the import and the demo loader.
namespace crm::registry {

// The text of the client model's enums in the database and in events (common/api/enum_text.h):
// "OOO" for LEGAL_FORM_OOO, "VERIFIED", "ACTIVE" or "LEFT"; "" for UNSPECIFIED.
using LegalFormText = common::api::EnumText<v1::LegalForm>;
using VerificationStateText = common::api::EnumText<v1::VerificationState>;
using ContactPersonStatusText = common::api::EnumText<v1::ContactPersonStatus>;
// "EXHIBITION_VISITOR", "REFERRAL", ...
using LeadSourceKindText = common::api::EnumText<v1::LeadSourceKind>;
// ИП and КФХ are registered by a person (12-digit INN); the other forms are organisations.
bool IsIndividualLegalForm(v1::LegalForm form);

// The organiser's industry classifier: a code and its Russian name.
struct Industry {
  std::string_view code;
  std::string_view name;
};
const std::vector<Industry>& Industries();
bool IsIndustryCode(std::string_view code);

// An OKVED 2 code: "41", "41.2", "41.20", "41.20.1" or "01.11.11"; nullopt when valid.
std::optional<std::string> CheckOkvedCode(std::string_view code);

// "443001, Самарская область, Самара, ул. Молодогвардейская, д. 1": the parts that are given.
std::string AddressLine(const v1::Address& address);
bool IsEmptyAddress(const v1::Address& address);

// Federal district, region and city from the legal address, or from the postal address when the
// legal one has no region.
v1::Geography GeographyOf(const v1::Client& client);

}  // namespace crm::registry
