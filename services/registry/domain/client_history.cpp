#include "services/registry/domain/client_history.h"

#include <array>
#include <string_view>

#include "services/registry/domain/resource_history.h"
#include "services/registry/domain/search_text.h"

namespace crm::registry {
namespace {

// `phone` and `email` are the first of their lists, which are compared themselves.
constexpr std::array<std::string_view, 8> kClientNotCompared = {
    "name", "create_time", "update_time", "etag", "geography", "creator", "phone", "email"};

}  // namespace

std::vector<v1::FieldChange> DiffClients(const v1::Client& before, const v1::Client& after) {
  return DiffMessages(before, after, kClientNotCompared);
}

const std::vector<std::string>& RestorableClientFields() {
  static const std::vector<std::string> kFields = {"display_name",
                                                   "legal_name",
                                                   "kpp",
                                                   "ogrn",
                                                   "legal_address",
                                                   "legal_form",
                                                   "legal_address_details",
                                                   "postal_address",
                                                   "industry_code",
                                                   "okved_codes",
                                                   "phones",
                                                   "emails",
                                                   "website",
                                                   "lead_source",
                                                   "lead_source_kind",
                                                   "notes",
                                                   "head_client",
                                                   "bank_accounts"};
  return kFields;
}

v1::Client UpgradeSnapshot(v1::Client snapshot) {
  if (snapshot.phones_size() == 0 && !snapshot.phone().empty()) {
    v1::Phone* phone = snapshot.add_phones();
    phone->set_number(snapshot.phone());
    phone->set_digits(NormalizePhoneDigits(snapshot.phone()));
  }
  if (snapshot.emails_size() == 0 && !snapshot.email().empty()) {
    snapshot.add_emails(snapshot.email());
  }
  return snapshot;
}

}  // namespace crm::registry
