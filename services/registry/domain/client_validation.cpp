// Request validation of clients: records, updates and deletion, search and history (validation.h).
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
#include "services/registry/domain/bank_accounts.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/field_checks.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/resource_history.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

constexpr int kMaxOkvedCodes = 50;

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

// Bank accounts: requisites trimmed and checked against the bank's БИК (common/ru); an account
// number appears once.
void CheckBankAccounts(Violations& v, google::protobuf::RepeatedPtrField<v1::BankAccount>* list) {
  if (list->size() > kMaxBankAccounts) {
    v.Add("client.bank_accounts",
          "must list at most " + std::to_string(kMaxBankAccounts) + " bank accounts");
    return;
  }
  for (int i = 0; i < list->size(); ++i) {
    v1::BankAccount* account = list->Mutable(i);
    const std::string path = "client.bank_accounts[" + std::to_string(i) + "]";
    account->set_bik(Trim(account->bik()));
    account->set_account(Trim(account->account()));
    account->set_correspondent_account(Trim(account->correspondent_account()));
    CheckName(v, path, "bank_name", account->mutable_bank_name(), kOptionalName);
    const common::ru::BankAccountProblems problems = common::ru::CheckBankAccount(
        account->bik(), account->account(), account->correspondent_account(),
        /*correspondent_required=*/false);
    v.AddIf(path + ".bik", problems.bik);
    v.AddIf(path + ".account", problems.settlement_account);
    v.AddIf(path + ".correspondent_account", problems.correspondent_account);
    const auto same = [account](const v1::BankAccount& other) {
      return other.account() == account->account();
    };
    if (!problems.settlement_account && std::any_of(list->begin(), list->begin() + i, same)) {
      v.Add(path + ".account", "repeats another bank account of the list");
    }
  }
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
  if (!v1::LeadSourceKind_IsValid(client->lead_source_kind())) {
    v.Add("client.lead_source_kind", "is not a known lead source");
  }
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
  CheckBankAccounts(v, client->mutable_bank_accounts());
  *client->mutable_geography() = GeographyOf(*client);
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
  static constexpr std::array<std::string_view, 20> kUpdatable = {"display_name",
                                                                  "legal_name",
                                                                  "kpp",
                                                                  "ogrn",
                                                                  "legal_address",
                                                                  "phone",
                                                                  "email",
                                                                  "legal_form",
                                                                  "legal_address_details",
                                                                  "postal_address",
                                                                  "industry_code",
                                                                  "okved_codes",
                                                                  "phones",
                                                                  "emails",
                                                                  "website",
                                                                  "lead_source",
                                                                  "notes",
                                                                  "head_client",
                                                                  "lead_source_kind",
                                                                  "bank_accounts"};
  static constexpr std::array<common::api::RefusedPath, 1> kRefused = {
      {{"inn", "cannot be changed: a company with another INN is another client"}}};
  Violations v;
  ClientUpdate update =
      ReadUpdateTarget(v, "client", request.has_client() ? &request.client() : nullptr,
                       request.update_mask(), "clients", kUpdatable, kRefused);
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
    } else if (path == "lead_source_kind") {
      client.set_lead_source_kind(changes.lead_source_kind());
    } else if (path == "notes") {
      client.set_notes(changes.notes());
    } else if (path == "head_client") {
      client.set_head_client(changes.head_client());
    } else if (path == "bank_accounts") {
      *client.mutable_bank_accounts() = changes.bank_accounts();
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
  return ReadDeletion(request.name(), request.etag(), "clients");
}

std::string ValidateClientName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "clients");
}

ClientSearch ValidateSearchClients(const v1::SearchClientsRequest& request,
                                   std::string_view caller) {
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
    search.window = ReadListWindow(request, caller, v);
    if (search.window.after && !IsSortKeyOf(search.sort, search.window.after->sort)) {
      v.Add("page_token", common::api::kForeignPageToken);
    }
  }
  v.ThrowIfAny();
  return search;
}
ClientHistoryList ValidateListClientHistory(const v1::ListClientHistoryRequest& request,
                                            std::string_view caller) {
  Violations v;
  ClientHistoryList list;
  if (auto id = ReadResourceId(v, "name", request.name(), "clients")) {
    list.client_id = *id;
    list.include_merged = request.include_merged();
    ListWindow window = ReadListWindow(request, caller, v);
    list.page_size = window.page_size;
    list.query = window.query;
    if (window.after && list.include_merged) {
      list.after_merged = ParseMergedHistoryKey(*window.after);
      if (!list.after_merged) {
        v.Add("page_token", common::api::kForeignPageToken);
      }
    } else {
      list.before_version = ReadVersionPageKey(window, v);
    }
  }
  v.ThrowIfAny();
  return list;
}

std::string MergedClientHistoryPageToken(const ClientHistoryList& list,
                                         const MergedHistoryKey& last) {
  return common::api::IssuePageToken(
      list.query, common::api::PageKeyParts{
                      std::to_string(last.change_time_micros) + ":" + std::to_string(last.version),
                      last.client_id});
}

std::string ClientHistoryPageToken(const ClientHistoryList& list, int last_version) {
  // The key's id is the client's: versions are numbered per client.
  return common::api::IssuePageToken(
      list.query, common::api::PageKeyParts{std::to_string(last_version), list.client_id});
}

ClientRestore ValidateRestoreClientVersion(const v1::RestoreClientVersionRequest& request) {
  Violations v;
  ClientRestore restore;
  if (auto id = ReadResourceId(v, "name", request.name(), "clients")) {
    restore.id = *id;
  }
  CheckRestoredVersion(v, request.version(), request.etag());
  restore.version = request.version();
  restore.etag = request.etag();
  v.ThrowIfAny();
  return restore;
}

}  // namespace crm::registry
