#include "services/registry/domain/validation.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

using common::Violations;

constexpr std::size_t kAddressMaxCharacters = 1000;
constexpr std::size_t kDescriptionMaxCharacters = 5000;
constexpr std::size_t kQueryMinCharacters = 2;
constexpr std::size_t kQueryMaxCharacters = 200;
constexpr std::size_t kRequestIdMaxCharacters = 128;
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

void CheckOptionalPhone(Violations& v, const std::string& path, std::string* value) {
  if (auto problem = CheckText(*value, {.required = false, .max_characters = 40})) {
    v.Add(path, *problem);
  } else if (!value->empty()) {
    v.AddIf(path, CheckPhone(*value));
  }
}

// The idempotency key is compared byte for byte, so it is not trimmed, only kept printable.
void CheckRequestId(Violations& v, const std::string& request_id) {
  if (request_id.empty()) {
    return;
  }
  if (!IsValidUtf8(request_id) || HasControlCharacters(request_id) ||
      CharacterCount(request_id) > kRequestIdMaxCharacters) {
    v.Add("request_id", "must be printable text of at most " +
                            std::to_string(kRequestIdMaxCharacters) + " characters (a UUID)");
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

void CheckDateField(Violations& v, const std::string& path, bool present,
                    const google::type::Date& date) {
  if (!present) {
    v.Add(path, "is required");
  } else {
    v.AddIf(path, CheckDate(date));
  }
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool DateBefore(const google::type::Date& a, const google::type::Date& b) {
  if (a.year() != b.year()) {
    return a.year() < b.year();
  }
  if (a.month() != b.month()) {
    return a.month() < b.month();
  }
  return a.day() < b.day();
}

}  // namespace

v1::Client ValidateCreateClient(const v1::CreateClientRequest& request) {
  Violations v;
  CheckRequestId(v, request.request_id());
  if (!request.has_client()) {
    v.Add("client", "is required");
    v.ThrowIfAny();
  }
  const v1::Client& in = request.client();
  v1::Client client;
  client.set_display_name(in.display_name());
  client.set_legal_name(in.legal_name());
  client.set_inn(in.inn());
  client.set_kpp(in.kpp());
  client.set_ogrn(in.ogrn());
  client.set_legal_address(in.legal_address());
  client.set_phone(in.phone());
  client.set_email(in.email());

  CheckName(v, "client", "display_name", client.mutable_display_name(), kRequiredName);
  CheckName(v, "client", "legal_name", client.mutable_legal_name(), kRequiredName);
  CheckRequisites(v, &client);
  CheckName(v, "client", "legal_address", client.mutable_legal_address(),
            {.required = false, .max_characters = kAddressMaxCharacters});
  CheckOptionalPhone(v, "client.phone", client.mutable_phone());
  CheckOptionalEmail(v, "client.email", client.mutable_email());
  v.ThrowIfAny();
  return client;
}

ClientUpdate ValidateUpdateClient(const v1::UpdateClientRequest& request) {
  // The INN identifies the company, so it is never edited: a wrong one means a new client.
  static constexpr std::array<std::string_view, 7> kUpdatable = {
      "display_name", "legal_name", "kpp", "ogrn", "legal_address", "phone", "email"};
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
    if (client.etag().empty()) {
      v.Add("client.etag", "is required: the etag of the client as last read");
    }
    update.etag = client.etag();
  }
  if (request.update_mask().paths_size() == 0) {
    v.Add("update_mask", "must name at least one field to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "inn") {
      v.Add("update_mask", "inn cannot be changed");
    } else if (std::find(kUpdatable.begin(), kUpdatable.end(), path) == kUpdatable.end()) {
      v.Add("update_mask", "\"" + path + "\" is not an updatable field");
    } else if (std::find(update.paths.begin(), update.paths.end(), path) == update.paths.end()) {
      update.paths.push_back(path);
    }
  }
  v.ThrowIfAny();
  return update;
}

v1::Client ApplyClientUpdate(const v1::Client& current, const v1::Client& changes,
                             const std::vector<std::string>& paths) {
  v1::CreateClientRequest merged;
  v1::Client* client = merged.mutable_client();
  *client = current;
  for (const std::string& path : paths) {
    if (path == "display_name") {
      client->set_display_name(changes.display_name());
    } else if (path == "legal_name") {
      client->set_legal_name(changes.legal_name());
    } else if (path == "kpp") {
      client->set_kpp(changes.kpp());
    } else if (path == "ogrn") {
      client->set_ogrn(changes.ogrn());
    } else if (path == "legal_address") {
      client->set_legal_address(changes.legal_address());
    } else if (path == "phone") {
      client->set_phone(changes.phone());
    } else if (path == "email") {
      client->set_email(changes.email());
    }
  }
  // One rule set for a client however it was reached: the create rules judge the result.
  return ValidateCreateClient(merged);
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
  if (request.etag().empty()) {
    v.Add("etag", "is required: the etag of the client as last read");
  }
  deletion.etag = request.etag();
  v.ThrowIfAny();
  return deletion;
}

NewContactPerson ValidateCreateContactPerson(const v1::CreateContactPersonRequest& request) {
  Violations v;
  NewContactPerson out;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  CheckRequestId(v, request.request_id());
  if (!request.has_contact_person()) {
    v.Add("contact_person", "is required");
    v.ThrowIfAny();
  }
  const v1::ContactPerson& in = request.contact_person();
  v1::ContactPerson& person = out.contact_person;
  person.set_full_name(in.full_name());
  person.set_position(in.position());
  person.set_phone(in.phone());
  person.set_email(in.email());
  CheckName(v, "contact_person", "full_name", person.mutable_full_name(), kRequiredName);
  CheckName(v, "contact_person", "position", person.mutable_position(), kOptionalName);
  CheckOptionalPhone(v, "contact_person.phone", person.mutable_phone());
  CheckOptionalEmail(v, "contact_person.email", person.mutable_email());
  v.ThrowIfAny();
  out.client_id = *client_id;
  return out;
}

v1::Project ValidateCreateProject(const v1::CreateProjectRequest& request) {
  Violations v;
  CheckRequestId(v, request.request_id());
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
  CheckRequestId(v, request.request_id());
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

  CheckDateField(v, "edition.start_date", in.has_start_date(), in.start_date());
  CheckDateField(v, "edition.end_date", in.has_end_date(), in.end_date());
  if (in.has_start_date() && in.has_end_date() && !CheckDate(in.start_date()) &&
      !CheckDate(in.end_date()) && DateBefore(in.end_date(), in.start_date())) {
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
  CheckRequestId(v, request.request_id());
  if (!request.has_employee()) {
    v.Add("employee", "is required");
    v.ThrowIfAny();
  }
  v1::Employee employee;
  employee.set_full_name(request.employee().full_name());
  employee.set_email(request.employee().email());
  employee.set_department(request.employee().department());
  CheckName(v, "employee", "full_name", employee.mutable_full_name(), kRequiredName);
  CheckName(v, "employee", "department", employee.mutable_department(), kOptionalName);
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
  search.query = request.query();
  bool filters_valid = true;
  if (auto problem =
          CheckText(search.query, {.required = false, .max_characters = kQueryMaxCharacters})) {
    v.Add("query", *problem);
    filters_valid = false;
  } else if (!search.query.empty() && CharacterCount(search.query) < kQueryMinCharacters) {
    v.Add("query", "must be at least 2 characters, or empty");
    filters_valid = false;
  }
  search.inn = Trim(request.inn());
  if (!search.inn.empty()) {
    if (auto problem = common::ru::ValidateInn(search.inn)) {
      v.Add("inn", *problem);
      filters_valid = false;
    }
  }
  search.show_deleted = request.show_deleted();
  // The token is bound to the filter, so it can only be checked against a valid one.
  if (filters_valid) {
    search.window =
        ReadListWindow(request.page_size(), request.page_token(),
                       ClientSearchScope(search.query, search.inn, search.show_deleted), v);
  }
  v.ThrowIfAny();
  return search;
}

ChildList ValidateListContactPersons(const v1::ListContactPersonsRequest& request) {
  Violations v;
  ChildList list;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  if (client_id) {
    list.parent_id = *client_id;
    list.window = ReadListWindow(request.page_size(), request.page_token(),
                                 ContactPersonsScope(*client_id), v);
  }
  v.ThrowIfAny();
  return list;
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
    if (list.window.after && !ParseDateText(list.window.after->sort)) {
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

std::optional<std::string> CheckDate(const google::type::Date& date) {
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > DaysInMonth(date.year(), date.month())) {
    return "must be a full calendar date that exists (year 1-9999, month 1-12, a valid day)";
  }
  return std::nullopt;
}

std::string DateText(const google::type::Date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return text;
}

std::optional<google::type::Date> ParseDateText(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return -1;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  google::type::Date date;
  date.set_year(number(0, 4));
  date.set_month(number(5, 2));
  date.set_day(number(8, 2));
  if (CheckDate(date)) {
    return std::nullopt;
  }
  return date;
}

std::string ClientSearchScope(std::string_view query, std::string_view inn, bool show_deleted) {
  // Query text never holds control characters, so '\x1f' cannot be part of it.
  std::string scope = "clients:search\x1f";
  scope += query;
  scope += '\x1f';
  scope += inn;
  // A page of the live clients does not continue a listing that includes deleted ones.
  if (show_deleted) {
    scope += '\x1f';
    scope += "deleted";
  }
  return scope;
}

std::string ContactPersonsScope(std::string_view client_id) {
  return "clients/" + std::string(client_id) + "/contactPersons";
}

std::string EditionsScope(std::string_view project_id) {
  return "projects/" + std::string(project_id) + "/editions";
}

}  // namespace crm::registry
