#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "google/type/date.pb.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/org_fields.h"

// The registry's input rules. Each Validate* function reads one request, returns what the
// store needs with every text field trimmed, and throws common::ValidationError listing every
// problem by its request field path ("client.inn", "edition.end_date", "parent", ...). Output-only
// fields of the request are ignored, as AIP-203 asks.
namespace crm::registry {

inline constexpr std::size_t kNameMaxCharacters = 500;

v1::Client ValidateCreateClient(const v1::CreateClientRequest& request);

// What UpdateClient asks for, before the current record is read.
using ClientUpdate = UpdateTarget;
ClientUpdate ValidateUpdateClient(const v1::UpdateClientRequest& request);

// `current` with the fields named by `paths` taken from `changes`, checked by the create rules
// (violations under "client.<field>"); the result is trimmed like a created client. A changed
// postal address is valid again until mail to it comes back.
v1::Client ApplyClientUpdate(const v1::Client& current, const v1::Client& changes,
                             const std::vector<std::string>& paths);

using ClientDeletion = Deletion;
ClientDeletion ValidateDeleteClient(const v1::DeleteClientRequest& request);

struct NewContactPerson {
  std::string client_id;
  v1::ContactPerson contact_person;
};
NewContactPerson ValidateCreateContactPerson(const v1::CreateContactPersonRequest& request);

// "clients/{a}/contactPersons/{b}" as its two ids.
struct ContactPersonRef {
  std::string client_id;
  std::string id;
};
std::optional<ContactPersonRef> ParseContactPersonName(std::string_view name);
// Throws a violation of `field` unless `name` is a contact person's resource name.
ContactPersonRef ValidateContactPersonName(std::string_view name, const char* field);

struct ContactPersonUpdate {
  ContactPersonRef ref;
  std::string etag;
  std::vector<std::string> paths;
};
ContactPersonUpdate ValidateUpdateContactPerson(const v1::UpdateContactPersonRequest& request);
// `current` with the masked fields from `changes`, checked like a created person (violations
// under "contact_person.<field>").
v1::ContactPerson ApplyContactPersonUpdate(const v1::ContactPerson& current,
                                           const v1::ContactPerson& changes,
                                           const std::vector<std::string>& paths);

struct ContactPersonDeletion {
  ContactPersonRef ref;
  std::string etag;
};
ContactPersonDeletion ValidateDeleteContactPerson(const v1::DeleteContactPersonRequest& request);

v1::Project ValidateCreateProject(const v1::CreateProjectRequest& request);

struct NewEdition {
  std::string project_id;
  v1::Edition edition;
};
NewEdition ValidateCreateEdition(const v1::CreateEditionRequest& request);

v1::Employee ValidateCreateEmployee(const v1::CreateEmployeeRequest& request);

// "clients/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateClientName(std::string_view name, const char* field);

// The orders a client search can take, as the store reads them.
enum class ClientSort { kDisplayName, kCreateTime, kUpdateTime, kRelevance };

struct ClientSearch {
  ClientFilterSpec filter;
  ClientSort sort = ClientSort::kDisplayName;
  bool show_deleted = false;
  ListWindow window;
};
// The List validators read the page token for `caller`, the caller's resource name.
ClientSearch ValidateSearchClients(const v1::SearchClientsRequest& request,
                                   std::string_view caller);

struct ChildList {
  std::string parent_id;
  ListWindow window;
};
struct ContactPersonList {
  std::string parent_id;
  bool show_deleted = false;
  ListWindow window;
};
ContactPersonList ValidateListContactPersons(const v1::ListContactPersonsRequest& request,
                                             std::string_view caller);

// Where a page of a client's history together with the merged clients' ended: versions are in
// change time order across clients, ties broken by client id and version.
struct MergedHistoryKey {
  int64_t change_time_micros = 0;
  std::string client_id;
  int version = 0;
};

struct ClientHistoryList {
  std::string client_id;
  int page_size = 0;
  std::optional<int> before_version;  // the page starts below this version; nullopt: newest
  bool include_merged = false;
  std::optional<MergedHistoryKey> after_merged;  // include_merged: where the page starts
  common::api::PageQuery query;                  // what the next page's token is issued for
};
ClientHistoryList ValidateListClientHistory(const v1::ListClientHistoryRequest& request,
                                            std::string_view caller);
// The token of the page of `list` after the one ending at `last_version`.
std::string ClientHistoryPageToken(const ClientHistoryList& list, int last_version);
// The same with include_merged, after the version `last`.
std::string MergedClientHistoryPageToken(const ClientHistoryList& list,
                                         const MergedHistoryKey& last);

struct ClientRestore {
  std::string id;
  int version = 0;
  std::string etag;
};
ClientRestore ValidateRestoreClientVersion(const v1::RestoreClientVersionRequest& request);
ChildList ValidateListEditions(const v1::ListEditionsRequest& request, std::string_view caller);
ListWindow ValidateListProjects(const v1::ListProjectsRequest& request, std::string_view caller);
ListWindow ValidateListEmployees(const v1::ListEmployeesRequest& request, std::string_view caller);

}  // namespace crm::registry
