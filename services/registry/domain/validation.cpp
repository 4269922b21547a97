#include "services/registry/domain/validation.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

using common::Violations;

constexpr std::size_t kAddressMaxCharacters = 1000;
constexpr std::size_t kDescriptionMaxCharacters = 5000;
constexpr std::size_t kQueryMinCharacters = 2;
constexpr std::size_t kQueryMaxCharacters = 200;
constexpr int kMaxPhones = 10;
constexpr int kMaxEmails = 10;
constexpr int kMaxOkvedCodes = 50;
// A guard against typos with extra zeros: one billion roubles per square metre.
constexpr int64_t kMaxPricePerM2Kopecks = 100'000'000'000;

constexpr TextRule kRequiredName{.required = true, .max_characters = kNameMaxCharacters};
constexpr TextRule kOptionalName{.required = false, .max_characters = kNameMaxCharacters};

std::string Path(std::string_view prefix, std::string_view field) {
  std::string path(prefix);
  path += '.';
  path += field;
  return path;
}

void CheckName(Violations& v, std::string_view prefix, std::string_view field, std::string* value,
               TextRule rule) {
  v.AddIf(Path(prefix, field), CheckText(*value, rule));
}

// Optional e-mail: trimmed, clean text, then the address shape.
void CheckOptionalEmail(Violations& v, const std::string& path, std::string* value) {
  if (auto problem = CheckText(*value, {.required = false, .max_characters = 254})) {
    v.Add(path, *problem);
  } else if (!value->empty()) {
    v.AddIf(path, CheckEmail(*value));
  }
}

// Requisites are bare digits; surrounding spaces from a copy-paste are forgiven.
void CheckRequisites(Violations& v, v1::Client* client) {
  using common::ru::InnKind;
  client->set_inn(Trim(client->inn()));
  client->set_kpp(Trim(client->kpp()));
  client->set_ogrn(Trim(client->ogrn()));

  std::optional<InnKind> kind;
  if (client->inn().empty()) {
    v.Add("client.inn", "is required");
  } else if (auto problem = common::ru::ValidateInn(client->inn())) {
    v.Add("client.inn", *problem);
  } else {
    kind = common::ru::InnKindOf(client->inn());
  }

  if (!client->kpp().empty()) {
    if (auto problem = common::ru::ValidateKpp(client->kpp())) {
      v.Add("client.kpp", *problem);
    } else if (kind == InnKind::kIndividual) {
      v.Add("client.kpp", "must be empty for a sole trader (12-digit INN)");
    }
  } else if (kind == InnKind::kLegalEntity) {
    v.Add("client.kpp", "is required for a legal entity (10-digit INN)");
  }

  if (!client->ogrn().empty()) {
    if (auto problem = common::ru::ValidateOgrn(client->ogrn())) {
      v.Add("client.ogrn", *problem);
    } else if (kind == InnKind::kLegalEntity && client->ogrn().size() != 13) {
      v.Add("client.ogrn", "must be a 13-digit OGRN for a legal entity (10-digit INN)");
    } else if (kind == InnKind::kIndividual && client->ogrn().size() != 15) {
      v.Add("client.ogrn", "must be a 15-digit OGRNIP for a sole trader (12-digit INN)");
    }
  }
}

std::optional<std::string> ValidateParent(Violations& v, std::string_view parent,
                                          std::string_view collection, std::string_view example) {
  if (parent.empty()) {
    v.Add("parent", "is required");
    return std::nullopt;
  }
  auto id = common::ParseResourceId(parent, collection);
  if (!id) {
    v.Add("parent", "must be a resource name like " + std::string(example));
  }
  return id;
}

// The date of a required date field, or a violation of `path`.
std::optional<std::chrono::year_month_day> ReadRequiredDate(Violations& v, const std::string& path,
                                                            bool present,
                                                            const google::type::Date& date) {
  if (!present) {
    v.Add(path, "is required");
    return std::nullopt;
  }
  return common::api::ReadDate(v, path, date);
}

void SetEntry(v1::Phone* phone, const std::string& number) { phone->set_number(number); }
void SetEntry(std::string* email, const std::string& address) { *email = address; }

// Phones: each checked and normalised; two entries with the same digits are one phone.
// `legacy_path`, when given, names the single field the one phone came from.
void CheckPhones(Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<v1::Phone>* phones,
                 const std::string& legacy_path) {
  if (phones->size() > kMaxPhones) {
    v.Add(prefix, "must list at most " + std::to_string(kMaxPhones) + " phones");
    return;
  }
  std::vector<std::string> seen;
  for (int i = 0; i < phones->size(); ++i) {
    const std::string path =
        legacy_path.empty() ? prefix + "[" + std::to_string(i) + "].number" : legacy_path;
    v1::Phone* phone = phones->Mutable(i);
    phone->set_number(Trim(phone->number()));
    if (phone->number().empty()) {
      v.Add(path, "is required");
      continue;
    }
    if (auto problem = CheckPhone(phone->number())) {
      v.Add(path, *problem);
      continue;
    }
    phone->set_digits(NormalizePhoneDigits(phone->number()));
    if (std::find(seen.begin(), seen.end(), phone->digits()) != seen.end()) {
      v.Add(path, "repeats another phone of the list");
    }
    seen.push_back(phone->digits());
  }
}

void CheckEmails(Violations& v, const std::string& prefix,
                 google::protobuf::RepeatedPtrField<std::string>* emails,
                 const std::string& legacy_path) {
  if (emails->size() > kMaxEmails) {
    v.Add(prefix, "must list at most " + std::to_string(kMaxEmails) + " e-mail addresses");
    return;
  }
  std::vector<std::string> seen;
  for (int i = 0; i < emails->size(); ++i) {
    const std::string path =
        legacy_path.empty() ? prefix + "[" + std::to_string(i) + "]" : legacy_path;
    std::string* email = emails->Mutable(i);
    *email = Trim(*email);
    if (email->empty()) {
      v.Add(path, "is required");
      continue;
    }
    if (auto problem = CheckEmail(*email)) {
      v.Add(path, *problem);
      continue;
    }
    const std::string key = NormalizeEmail(*email);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      v.Add(path, "repeats another e-mail address of the list");
    }
    seen.push_back(key);
  }
}

void CheckAddress(Violations& v, const std::string& prefix, v1::Address* address) {
  address->set_postal_code(Trim(address->postal_code()));
  address->set_region_code(Trim(address->region_code()));
  const std::string& code = address->postal_code();
  if (!code.empty() && (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        }))) {
    v.Add(prefix + ".postal_code", "must be 6 digits");
  }
  if (!address->region_code().empty() && !FindRegion(address->region_code())) {
    v.Add(prefix + ".region_code",
          "must be the two-digit code of a federal subject, e.g. 63 (Самарская область)");
  }
  CheckName(v, prefix, "city", address->mutable_city(), kOptionalName);
  CheckName(v, prefix, "street_line", address->mutable_street_line(),
            {.required = false, .max_characters = kAddressMaxCharacters});
}

// A website as people type it: a host name with a dot, optionally with a scheme and a path.
std::optional<std::string> CheckWebsite(const std::string& website) {
  const std::string problem = "must be a website like example.ru or https://example.ru/path";
  std::string_view rest = website;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (rest.substr(0, scheme.size()) == scheme) {
      rest.remove_prefix(scheme.size());
    }
  }
  const std::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty() || host.find('.') == std::string_view::npos || host.front() == '.' ||
      host.back() == '.') {
    return problem;
  }
  for (char c : website) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>') {
      return problem;
    }
  }
  return std::nullopt;
}

// Every rule of a client record; trims and normalises in place, derives `phone`, `email`,
// `legal_address` (from its details when empty) and `geography`.
void CheckClient(Violations& v, v1::Client* client) {
  CheckName(v, "client", "display_name", client->mutable_display_name(), kRequiredName);
  CheckName(v, "client", "legal_name", client->mutable_legal_name(), kRequiredName);
  CheckRequisites(v, client);
  if (!v1::LegalForm_IsValid(client->legal_form())) {
    v.Add("client.legal_form", "is not a known legal form");
  } else if (client->legal_form() != v1::LEGAL_FORM_UNSPECIFIED &&
             common::ru::ValidateInn(client->inn()) == std::nullopt) {
    const bool individual = client->inn().size() == 12;
    if (IsIndividualLegalForm(client->legal_form()) != individual) {
      v.Add("client.legal_form", individual
                                     ? "must be IP or KFH for a 12-digit INN (a person)"
                                     : "cannot be IP or KFH for a 10-digit INN (an organisation)");
    }
  }
  // The legacy single fields become the first entry when the lists are not given.
  std::string legacy_phone_path;
  std::string legacy_email_path;
  if (client->phones_size() == 0 && !Trim(client->phone()).empty()) {
    client->add_phones()->set_number(client->phone());
    legacy_phone_path = "client.phone";
  }
  if (client->emails_size() == 0 && !Trim(client->email()).empty()) {
    client->add_emails(client->email());
    legacy_email_path = "client.email";
  }
  CheckPhones(v, "client.phones", client->mutable_phones(), legacy_phone_path);
  CheckEmails(v, "client.emails", client->mutable_emails(), legacy_email_path);
  client->set_phone(client->phones_size() > 0 ? client->phones(0).number() : "");
  client->set_email(client->emails_size() > 0 ? client->emails(0) : "");

  CheckAddress(v, "client.legal_address_details", client->mutable_legal_address_details());
  CheckAddress(v, "client.postal_address", client->mutable_postal_address());
  if (Trim(client->legal_address()).empty()) {
    client->set_legal_address(AddressLine(client->legal_address_details()));
  }
  CheckName(v, "client", "legal_address", client->mutable_legal_address(),
            {.required = false, .max_characters = kAddressMaxCharacters});

  client->set_industry_code(Trim(client->industry_code()));
  if (!client->industry_code().empty() && !IsIndustryCode(client->industry_code())) {
    v.Add("client.industry_code", "is not a code of the industry classifier");
  }
  if (client->okved_codes_size() > kMaxOkvedCodes) {
    v.Add("client.okved_codes", "must list at most " + std::to_string(kMaxOkvedCodes) + " codes");
  } else {
    for (int i = 0; i < client->okved_codes_size(); ++i) {
      std::string* code = client->mutable_okved_codes(i);
      *code = Trim(*code);
      const std::string path = "client.okved_codes[" + std::to_string(i) + "]";
      if (auto problem = CheckOkvedCode(*code)) {
        v.Add(path, *problem);
      } else if (std::find(client->okved_codes().begin(), client->okved_codes().begin() + i,
                           *code) != client->okved_codes().begin() + i) {
        v.Add(path, "repeats another code of the list");
      }
    }
  }
  CheckName(v, "client", "website", client->mutable_website(),
            {.required = false, .max_characters = 300});
  if (!client->website().empty()) {
    v.AddIf("client.website", CheckWebsite(client->website()));
  }
  CheckName(v, "client", "lead_source", client->mutable_lead_source(), kOptionalName);
  CheckName(v, "client", "notes", client->mutable_notes(),
            {.required = false, .max_characters = kDescriptionMaxCharacters, .line_breaks = true});
  client->set_head_client(Trim(client->head_client()));
  if (!client->head_client().empty()) {
    if (!common::ParseResourceId(client->head_client(), "clients")) {
      v.Add("client.head_client", "must be a resource name like clients/{uuid}");
    } else if (client->head_client() == client->name()) {
      v.Add("client.head_client", "cannot be the client itself");
    } else if (client->inn().size() != 10) {
      v.Add("client.head_client", "only an organisation (10-digit INN) has branches");
    }
  }
  *client->mutable_geography() = GeographyOf(*client);
}

// The legacy single field edits the first entry of its list.
template <class List>
void ReplaceFirst(List* list, const std::string& value) {
  if (Trim(value).empty()) {
    if (list->size() > 0) {
      list->erase(list->begin());
    }
  } else if (list->size() == 0) {
    SetEntry(list->Add(), value);
  } else {
    SetEntry(list->Mutable(0), value);
  }
}

void CheckContactPerson(Violations& v, v1::ContactPerson* person) {
  CheckName(v, "contact_person", "full_name", person->mutable_full_name(), kRequiredName);
  CheckName(v, "contact_person", "position", person->mutable_position(), kOptionalName);
  std::string legacy_phone_path;
  std::string legacy_email_path;
  if (person->phones_size() == 0 && !Trim(person->phone()).empty()) {
    person->add_phones()->set_number(person->phone());
    legacy_phone_path = "contact_person.phone";
  }
  if (person->emails_size() == 0 && !Trim(person->email()).empty()) {
    person->add_emails(person->email());
    legacy_email_path = "contact_person.email";
  }
  CheckPhones(v, "contact_person.phones", person->mutable_phones(), legacy_phone_path);
  CheckEmails(v, "contact_person.emails", person->mutable_emails(), legacy_email_path);
  person->set_phone(person->phones_size() > 0 ? person->phones(0).number() : "");
  person->set_email(person->emails_size() > 0 ? person->emails(0) : "");
  if (!v1::ContactPersonStatus_IsValid(person->status())) {
    v.Add("contact_person.status", "is not a known status");
  } else if (person->status() == v1::CONTACT_PERSON_STATUS_UNSPECIFIED) {
    person->set_status(v1::CONTACT_PERSON_STATUS_ACTIVE);
  }
  if (person->primary() && person->status() == v1::CONTACT_PERSON_STATUS_LEFT) {
    v.Add("contact_person.primary", "a person who left the company cannot be the main contact");
  }
}

// Whether a page key's sort value has the form `sort` writes: a name, microseconds since the
// epoch, or a relevance score.
bool IsSortKeyOf(ClientSort sort, const std::string& value) {
  switch (sort) {
    case ClientSort::kDisplayName:
      return true;
    case ClientSort::kCreateTime:
    case ClientSort::kUpdateTime: {
      int64_t micros = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), micros);
      return error == std::errc() && end == value.data() + value.size();
    }
    case ClientSort::kRelevance: {
      char* end = nullptr;
      const double score = std::strtod(value.c_str(), &end);
      return !value.empty() && end == value.c_str() + value.size() && score >= 0 && score <= 3;
    }
  }
  return false;
}

std::string ClientHistoryScope(std::string_view client_id) {
  return "clients/" + std::string(client_id) + "/history";
}

std::string MergedClientHistoryScope(std::string_view client_id) {
  return ClientHistoryScope(client_id) + "+merged";
}

// "micros:version" of a merged history page key; nullopt when it is not one.
std::optional<MergedHistoryKey> ParseMergedHistoryKey(const PageKey& key) {
  const std::string& sort = key.sort;
  const std::size_t colon = sort.find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  MergedHistoryKey parsed;
  parsed.client_id = key.id;
  const char* end = sort.data() + sort.size();
  auto [time_end, time_error] =
      std::from_chars(sort.data(), sort.data() + colon, parsed.change_time_micros);
  auto [version_end, version_error] = std::from_chars(sort.data() + colon + 1, end, parsed.version);
  if (time_error != std::errc() || time_end != sort.data() + colon ||
      version_error != std::errc() || version_end != end || parsed.version < 1) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

v1::Client ValidateCreateClient(const v1::CreateClientRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_client()) {
    v.Add("client", "is required");
    v.ThrowIfAny();
  }
  v1::Client client = request.client();
  // Output-only fields are the service's to set.
  client.clear_name();
  client.clear_create_time();
  client.clear_update_time();
  client.clear_etag();
  client.clear_delete_time();
  client.clear_geography();
  client.clear_verification_state();
  client.clear_creator();
  client.set_postal_address_valid(true);
  CheckClient(v, &client);
  v.ThrowIfAny();
  return client;
}

ClientUpdate ValidateUpdateClient(const v1::UpdateClientRequest& request) {
  // The INN identifies the company, so it is never edited: a wrong one means a new client.
  static constexpr std::array<std::string_view, 18> kUpdatable = {
      "display_name",   "legal_name",    "kpp",
      "ogrn",           "legal_address", "phone",
      "email",          "legal_form",    "legal_address_details",
      "postal_address", "industry_code", "okved_codes",
      "phones",         "emails",        "website",
      "lead_source",    "notes",         "head_client"};
  Violations v;
  ClientUpdate update;
  if (!request.has_client()) {
    v.Add("client", "is required");
  } else {
    const v1::Client& client = request.client();
    if (client.name().empty()) {
      v.Add("client.name", "is required");
    } else if (auto id = common::ParseResourceId(client.name(), "clients")) {
      update.id = *id;
    } else {
      v.Add("client.name", "must be a resource name like clients/{uuid}");
    }
    // Without an etag an edit could silently overwrite a change the caller has not seen.
    common::api::RequireEtag(v, "client.etag", client.etag());
    update.etag = client.etag();
  }
  static constexpr std::array<common::api::RefusedPath, 1> kRefused = {
      {{"inn", "cannot be changed: a company with another INN is another client"}}};
  update.paths = common::api::ReadUpdateMask(v, request.update_mask(), kUpdatable, kRefused);
  v.ThrowIfAny();
  return update;
}

v1::Client ApplyClientUpdate(const v1::Client& current, const v1::Client& changes,
                             const std::vector<std::string>& paths) {
  v1::Client client = current;
  for (const std::string& path : paths) {
    if (path == "display_name") {
      client.set_display_name(changes.display_name());
    } else if (path == "legal_name") {
      client.set_legal_name(changes.legal_name());
    } else if (path == "kpp") {
      client.set_kpp(changes.kpp());
    } else if (path == "ogrn") {
      client.set_ogrn(changes.ogrn());
    } else if (path == "legal_address") {
      client.set_legal_address(changes.legal_address());
    } else if (path == "phone") {
      ReplaceFirst(client.mutable_phones(), changes.phone());
    } else if (path == "email") {
      ReplaceFirst(client.mutable_emails(), changes.email());
    } else if (path == "legal_form") {
      client.set_legal_form(changes.legal_form());
    } else if (path == "legal_address_details") {
      *client.mutable_legal_address_details() = changes.legal_address_details();
      // The one-line address follows the structured one unless the caller sets both.
      if (std::find(paths.begin(), paths.end(), "legal_address") == paths.end()) {
        client.clear_legal_address();
      }
    } else if (path == "postal_address") {
      if (!google::protobuf::util::MessageDifferencer::Equals(client.postal_address(),
                                                              changes.postal_address())) {
        // A new address has not bounced yet.
        client.set_postal_address_valid(true);
      }
      *client.mutable_postal_address() = changes.postal_address();
    } else if (path == "industry_code") {
      client.set_industry_code(changes.industry_code());
    } else if (path == "okved_codes") {
      *client.mutable_okved_codes() = changes.okved_codes();
    } else if (path == "phones") {
      *client.mutable_phones() = changes.phones();
    } else if (path == "emails") {
      *client.mutable_emails() = changes.emails();
    } else if (path == "website") {
      client.set_website(changes.website());
    } else if (path == "lead_source") {
      client.set_lead_source(changes.lead_source());
    } else if (path == "notes") {
      client.set_notes(changes.notes());
    } else if (path == "head_client") {
      client.set_head_client(changes.head_client());
    }
  }
  // `phone` and `email` are derived from the lists again.
  client.clear_phone();
  client.clear_email();
  // One rule set for a client however it was reached: the create rules judge the result.
  Violations v;
  CheckClient(v, &client);
  v.ThrowIfAny();
  return client;
}

ClientDeletion ValidateDeleteClient(const v1::DeleteClientRequest& request) {
  Violations v;
  ClientDeletion deletion;
  if (request.name().empty()) {
    v.Add("name", "is required");
  } else if (auto id = common::ParseResourceId(request.name(), "clients")) {
    deletion.id = *id;
  } else {
    v.Add("name", "must be a resource name like clients/{uuid}");
  }
  common::api::RequireEtag(v, "etag", request.etag());
  deletion.etag = request.etag();
  v.ThrowIfAny();
  return deletion;
}

NewContactPerson ValidateCreateContactPerson(const v1::CreateContactPersonRequest& request) {
  Violations v;
  NewContactPerson out;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_contact_person()) {
    v.Add("contact_person", "is required");
    v.ThrowIfAny();
  }
  v1::ContactPerson& person = out.contact_person;
  person = request.contact_person();
  person.clear_name();
  person.clear_create_time();
  person.clear_update_time();
  person.clear_etag();
  person.clear_delete_time();
  CheckContactPerson(v, &person);
  v.ThrowIfAny();
  out.client_id = *client_id;
  return out;
}

ContactPersonRef ValidateContactPersonName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto ref = ParseContactPersonName(name);
  if (!ref) {
    throw common::ValidationError(
        field, "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
  }
  return *ref;
}

ContactPersonUpdate ValidateUpdateContactPerson(const v1::UpdateContactPersonRequest& request) {
  static constexpr std::array<std::string_view, 9> kUpdatable = {
      "full_name", "position",        "phone",   "email", "phones",
      "emails",    "mailing_consent", "primary", "status"};
  Violations v;
  ContactPersonUpdate update;
  if (!request.has_contact_person()) {
    v.Add("contact_person", "is required");
  } else {
    const v1::ContactPerson& person = request.contact_person();
    if (person.name().empty()) {
      v.Add("contact_person.name", "is required");
    } else if (auto ref = ParseContactPersonName(person.name())) {
      update.ref = *ref;
    } else {
      v.Add("contact_person.name",
            "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
    }
    common::api::RequireEtag(v, "contact_person.etag", person.etag());
    update.etag = person.etag();
  }
  update.paths = common::api::ReadUpdateMask(v, request.update_mask(), kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::ContactPerson ApplyContactPersonUpdate(const v1::ContactPerson& current,
                                           const v1::ContactPerson& changes,
                                           const std::vector<std::string>& paths) {
  v1::ContactPerson person = current;
  for (const std::string& path : paths) {
    if (path == "full_name") {
      person.set_full_name(changes.full_name());
    } else if (path == "position") {
      person.set_position(changes.position());
    } else if (path == "phone") {
      ReplaceFirst(person.mutable_phones(), changes.phone());
    } else if (path == "email") {
      ReplaceFirst(person.mutable_emails(), changes.email());
    } else if (path == "phones") {
      *person.mutable_phones() = changes.phones();
    } else if (path == "emails") {
      *person.mutable_emails() = changes.emails();
    } else if (path == "mailing_consent") {
      person.set_mailing_consent(changes.mailing_consent());
    } else if (path == "primary") {
      person.set_primary(changes.primary());
    } else if (path == "status") {
      person.set_status(changes.status());
    }
  }
  person.clear_phone();
  person.clear_email();
  Violations v;
  CheckContactPerson(v, &person);
  v.ThrowIfAny();
  return person;
}

ContactPersonDeletion ValidateDeleteContactPerson(const v1::DeleteContactPersonRequest& request) {
  Violations v;
  ContactPersonDeletion deletion;
  if (request.name().empty()) {
    v.Add("name", "is required");
  } else if (auto ref = ParseContactPersonName(request.name())) {
    deletion.ref = *ref;
  } else {
    v.Add("name", "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
  }
  common::api::RequireEtag(v, "etag", request.etag());
  deletion.etag = request.etag();
  v.ThrowIfAny();
  return deletion;
}

std::optional<ContactPersonRef> ParseContactPersonName(std::string_view name) {
  const std::size_t slash = name.find('/', name.find('/') + 1);
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto client_id = common::ParseResourceId(name.substr(0, slash), "clients");
  auto person_id = common::ParseResourceId(name.substr(slash + 1), "contactPersons");
  if (!client_id || !person_id) {
    return std::nullopt;
  }
  return ContactPersonRef{*client_id, *person_id};
}

v1::Project ValidateCreateProject(const v1::CreateProjectRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_project()) {
    v.Add("project", "is required");
    v.ThrowIfAny();
  }
  v1::Project project;
  project.set_display_name(request.project().display_name());
  project.set_description(request.project().description());
  CheckName(v, "project", "display_name", project.mutable_display_name(), kRequiredName);
  CheckName(v, "project", "description", project.mutable_description(),
            {.required = false, .max_characters = kDescriptionMaxCharacters, .line_breaks = true});
  v.ThrowIfAny();
  return project;
}

NewEdition ValidateCreateEdition(const v1::CreateEditionRequest& request) {
  Violations v;
  NewEdition out;
  auto project_id = ValidateParent(v, request.parent(), "projects", "projects/{uuid}");
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_edition()) {
    v.Add("edition", "is required");
    v.ThrowIfAny();
  }
  const v1::Edition& in = request.edition();
  v1::Edition& edition = out.edition;
  edition.set_display_name(in.display_name());
  edition.set_venue(in.venue());
  CheckName(v, "edition", "display_name", edition.mutable_display_name(), kRequiredName);
  CheckName(v, "edition", "venue", edition.mutable_venue(), kOptionalName);

  const auto start =
      ReadRequiredDate(v, "edition.start_date", in.has_start_date(), in.start_date());
  const auto end = ReadRequiredDate(v, "edition.end_date", in.has_end_date(), in.end_date());
  if (start && end && *end < *start) {
    v.Add("edition.end_date", "must not be before the start date");
  }
  *edition.mutable_start_date() = in.start_date();
  *edition.mutable_end_date() = in.end_date();

  if (!in.has_price_per_m2()) {
    v.Add("edition.price_per_m2", "is required");
  } else {
    const auto& price = in.price_per_m2();
    if (price.currency_code() != "RUB") {
      v.Add("edition.price_per_m2.currency_code", "must be RUB");
    }
    if (price.minor_units() <= 0) {
      v.Add("edition.price_per_m2.minor_units", "must be a positive number of kopecks");
    } else if (price.minor_units() > kMaxPricePerM2Kopecks) {
      v.Add("edition.price_per_m2.minor_units",
            "must be at most 100000000000 kopecks (1 billion RUB per square metre)");
    }
    *edition.mutable_price_per_m2() = price;
  }
  v.ThrowIfAny();
  out.project_id = *project_id;
  return out;
}

v1::Employee ValidateCreateEmployee(const v1::CreateEmployeeRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_employee()) {
    v.Add("employee", "is required");
    v.ThrowIfAny();
  }
  v1::Employee employee;
  employee.set_full_name(request.employee().full_name());
  employee.set_email(request.employee().email());
  // `department` is output only (the unit's name): a new employee is in no department.
  CheckName(v, "employee", "full_name", employee.mutable_full_name(), kRequiredName);
  if (Trim(employee.email()).empty()) {
    v.Add("employee.email", "is required");
  } else {
    CheckOptionalEmail(v, "employee.email", employee.mutable_email());
  }
  v.ThrowIfAny();
  return employee;
}

std::string ValidateClientName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto id = common::ParseResourceId(name, "clients");
  if (!id) {
    throw common::ValidationError(field, "must be a resource name like clients/{uuid}");
  }
  return *id;
}

ClientSearch ValidateSearchClients(const v1::SearchClientsRequest& request) {
  Violations v;
  ClientSearch search;
  // The request's own query and inn are shorthands for the filter's.
  v1::ClientFilter shorthand;
  shorthand.set_query(request.query());
  shorthand.set_inn(request.inn());
  const ClientFilterSpec short_spec = ReadClientFilter(shorthand, "", v);
  search.filter = ReadClientFilter(request.filter(), "filter", v);
  if (!request.query().empty()) {
    if (!request.filter().query().empty()) {
      v.Add("query", "give the name query either here or in filter.query, not both");
    }
    search.filter.name_query = short_spec.name_query;
  }
  if (!request.inn().empty()) {
    if (!request.filter().inn().empty()) {
      v.Add("inn", "give the INN either here or in filter.inn, not both");
    }
    search.filter.inn = short_spec.inn;
  }
  const bool has_query = !search.filter.name_query.empty();
  switch (request.order_by()) {
    case v1::CLIENT_ORDER_UNSPECIFIED:
      search.sort = has_query ? ClientSort::kRelevance : ClientSort::kDisplayName;
      break;
    case v1::CLIENT_ORDER_DISPLAY_NAME:
      search.sort = ClientSort::kDisplayName;
      break;
    case v1::CLIENT_ORDER_CREATE_TIME:
      search.sort = ClientSort::kCreateTime;
      break;
    case v1::CLIENT_ORDER_UPDATE_TIME:
      search.sort = ClientSort::kUpdateTime;
      break;
    case v1::CLIENT_ORDER_RELEVANCE:
      search.sort = ClientSort::kRelevance;
      if (!has_query) {
        v.Add("order_by", "RELEVANCE needs a name query");
      }
      break;
    default:
      v.Add("order_by", "is not a known order");
  }
  search.show_deleted = request.show_deleted();
  // The token is bound to the filter, so it can only be checked against a valid one.
  if (v.empty()) {
    search.window =
        ReadListWindow(request.page_size(), request.page_token(), ClientSearchScope(search), v);
    if (search.window.after && !IsSortKeyOf(search.sort, search.window.after->sort)) {
      v.Add("page_token", "is not a page token of this list with these filters");
    }
  }
  v.ThrowIfAny();
  return search;
}

ContactPersonList ValidateListContactPersons(const v1::ListContactPersonsRequest& request) {
  Violations v;
  ContactPersonList list;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  list.show_deleted = request.show_deleted();
  if (client_id) {
    list.parent_id = *client_id;
    list.window =
        ReadListWindow(request.page_size(), request.page_token(),
                       ContactPersonsScope(*client_id) + (list.show_deleted ? ":deleted" : ""), v);
  }
  v.ThrowIfAny();
  return list;
}

ClientHistoryList ValidateListClientHistory(const v1::ListClientHistoryRequest& request) {
  Violations v;
  ClientHistoryList list;
  if (request.name().empty()) {
    v.Add("name", "is required");
  } else if (auto id = common::ParseResourceId(request.name(), "clients")) {
    list.client_id = *id;
    list.include_merged = request.include_merged();
    ListWindow window = ReadListWindow(
        request.page_size(), request.page_token(),
        list.include_merged ? MergedClientHistoryScope(*id) : ClientHistoryScope(*id), v);
    list.page_size = window.page_size;
    if (window.after && list.include_merged) {
      list.after_merged = ParseMergedHistoryKey(*window.after);
      if (!list.after_merged) {
        v.Add("page_token", "is not a page token of this list with these filters");
      }
    } else if (window.after) {
      int version = 0;
      auto [end, error] =
          std::from_chars(window.after->sort.data(),
                          window.after->sort.data() + window.after->sort.size(), version);
      if (error != std::errc() || end != window.after->sort.data() + window.after->sort.size() ||
          version < 1) {
        v.Add("page_token", "is not a page token of this list with these filters");
      }
      list.before_version = version;
    }
  } else {
    v.Add("name", "must be a resource name like clients/{uuid}");
  }
  v.ThrowIfAny();
  return list;
}

std::string MergedClientHistoryPageToken(std::string_view client_id, const MergedHistoryKey& last) {
  return PageTokenFor(
      MergedClientHistoryScope(client_id),
      PageKey{std::to_string(last.change_time_micros) + ":" + std::to_string(last.version),
              last.client_id});
}

std::string ClientHistoryPageToken(std::string_view client_id, int last_version) {
  // The key's id is the client's: versions are numbered per client.
  return PageTokenFor(ClientHistoryScope(client_id),
                      PageKey{std::to_string(last_version), std::string(client_id)});
}

ClientRestore ValidateRestoreClientVersion(const v1::RestoreClientVersionRequest& request) {
  Violations v;
  ClientRestore restore;
  if (request.name().empty()) {
    v.Add("name", "is required");
  } else if (auto id = common::ParseResourceId(request.name(), "clients")) {
    restore.id = *id;
  } else {
    v.Add("name", "must be a resource name like clients/{uuid}");
  }
  if (request.version() < 1) {
    v.Add("version", "must be a version of the client (1 or more)");
  }
  restore.version = request.version();
  common::api::RequireEtag(v, "etag", request.etag());
  restore.etag = request.etag();
  v.ThrowIfAny();
  return restore;
}

ChildList ValidateListEditions(const v1::ListEditionsRequest& request) {
  Violations v;
  ChildList list;
  auto project_id = ValidateParent(v, request.parent(), "projects", "projects/{uuid}");
  if (project_id) {
    list.parent_id = *project_id;
    list.window =
        ReadListWindow(request.page_size(), request.page_token(), EditionsScope(*project_id), v);
    // Editions are ordered by start date: the key's sort value goes to SQL as a date.
    if (list.window.after && !common::api::ParseIsoDate(list.window.after->sort)) {
      v.Add("page_token", "is not a page token of this list with these filters");
    }
  }
  v.ThrowIfAny();
  return list;
}

ListWindow ValidateListProjects(const v1::ListProjectsRequest& request) {
  Violations v;
  ListWindow window = ReadListWindow(request.page_size(), request.page_token(), kProjectsScope, v);
  v.ThrowIfAny();
  return window;
}

ListWindow ValidateListEmployees(const v1::ListEmployeesRequest& request) {
  Violations v;
  ListWindow window = ReadListWindow(request.page_size(), request.page_token(), kEmployeesScope, v);
  v.ThrowIfAny();
  return window;
}

std::string ClientSearchScope(const ClientSearch& search) {
  std::string scope = "clients:search\x1f";
  scope += std::to_string(static_cast<int>(search.sort));
  // A page of the live clients does not continue a listing that includes deleted ones.
  scope += search.show_deleted ? "\x1f"
                                 "deleted\x1f"
                               : "\x1f"
                                 "live\x1f";
  scope += ClientFilterKey(search.filter);
  return scope;
}

std::string ContactPersonsScope(std::string_view client_id) {
  return "clients/" + std::string(client_id) + "/contactPersons";
}

std::string EditionsScope(std::string_view project_id) {
  return "projects/" + std::string(project_id) + "/editions";
}

}  // namespace crm::registry
