#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "google/type/date.pb.h"
#include "services/registry/domain/page_key.h"

// The registry's input rules. Each Validate* function reads one request, returns what the
// store needs with every text field trimmed, and throws common::ValidationError listing every
// problem by its request field path ("client.inn", "edition.end_date", "parent", ...). Output-only
// fields of the request are ignored, as AIP-203 asks.
namespace crm::registry {

inline constexpr std::size_t kNameMaxCharacters = 500;

v1::Client ValidateCreateClient(const v1::CreateClientRequest& request);

// What UpdateClient asks for, before the current record is read.
struct ClientUpdate {
  std::string id;
  std::string etag;
  std::vector<std::string> paths;  // from update_mask, each an updatable field, no repeats
};
ClientUpdate ValidateUpdateClient(const v1::UpdateClientRequest& request);

// `current` with the fields named by `paths` taken from `changes`, checked by the create rules
// (violations under "client.<field>"); the result is trimmed like a created client.
v1::Client ApplyClientUpdate(const v1::Client& current, const v1::Client& changes,
                             const std::vector<std::string>& paths);

struct ClientDeletion {
  std::string id;
  std::string etag;
};
ClientDeletion ValidateDeleteClient(const v1::DeleteClientRequest& request);

struct NewContactPerson {
  std::string client_id;
  v1::ContactPerson contact_person;
};
NewContactPerson ValidateCreateContactPerson(const v1::CreateContactPersonRequest& request);

v1::Project ValidateCreateProject(const v1::CreateProjectRequest& request);

struct NewEdition {
  std::string project_id;
  v1::Edition edition;
};
NewEdition ValidateCreateEdition(const v1::CreateEditionRequest& request);

v1::Employee ValidateCreateEmployee(const v1::CreateEmployeeRequest& request);

// "clients/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateClientName(std::string_view name, const char* field);

struct ClientSearch {
  std::string query;  // trimmed; "" matches every name
  std::string inn;    // "" matches every INN
  bool show_deleted = false;
  ListWindow window;
};
ClientSearch ValidateSearchClients(const v1::SearchClientsRequest& request);

struct ChildList {
  std::string parent_id;
  ListWindow window;
};
ChildList ValidateListContactPersons(const v1::ListContactPersonsRequest& request);
ChildList ValidateListEditions(const v1::ListEditionsRequest& request);
ListWindow ValidateListProjects(const v1::ListProjectsRequest& request);
ListWindow ValidateListEmployees(const v1::ListEmployeesRequest& request);

// A full calendar date (year 1-9999, a day that exists in that month); nullopt when valid.
std::optional<std::string> CheckDate(const google::type::Date& date);
// "YYYY-MM-DD" of a valid date, the form PostgreSQL reads.
std::string DateText(const google::type::Date& date);
// The inverse of DateText; nullopt unless `text` is exactly that form of a valid date.
std::optional<google::type::Date> ParseDateText(std::string_view text);

// The page-token scopes of the lists: a token is only accepted by the list (and filter) that
// made it.
std::string ClientSearchScope(std::string_view query, std::string_view inn,
                              bool show_deleted = false);
std::string ContactPersonsScope(std::string_view client_id);
std::string EditionsScope(std::string_view project_id);
inline constexpr char kProjectsScope[] = "projects";
inline constexpr char kEmployeesScope[] = "employees";

}  // namespace crm::registry
