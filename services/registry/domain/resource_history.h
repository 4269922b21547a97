#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/auth.h"
#include "common/core/errors.h"
#include "crm/registry/v1/groups.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/list_window.h"

// The history of contact persons, projects, editions and groups (clients keep their own,
// domain/client_history.h): which resource a name names, the field-level difference between two
// versions of any message, the fields a restore writes back and who may read a history.
namespace crm::registry {

enum class HistoryKind { kContactPerson, kProject, kEdition, kGroup };

// The stored text of a kind: "contact_person", "project", "edition", "group".
std::string_view HistoryKindText(HistoryKind kind);

// A resource with a history: its kind, its own id and its parent's (the client of a contact
// person, the project of an edition; "" otherwise).
struct HistoryResource {
  HistoryKind kind = HistoryKind::kProject;
  std::string id;
  std::string parent_id;
};

// The resource "clients/{c}/contactPersons/{p}", "projects/{p}", "projects/{p}/editions/{e}" or
// "groups/{g}" names; nullopt for anything else.
std::optional<HistoryResource> ParseHistoryResourceName(std::string_view name);

// The same for the request field `name`: a violation of it when it is empty or names none.
std::optional<HistoryResource> ReadHistoryResourceName(common::Violations& violations,
                                                       std::string_view name);

// The kind whose resources are messages of `descriptor`; nullopt for any other message.
std::optional<HistoryKind> HistoryKindOf(const google::protobuf::Descriptor* descriptor);

// The message of the kind's resources, empty (v1::ContactPerson, v1::Project, ...).
const google::protobuf::Message& HistoryMessageOf(HistoryKind kind);

// The fields of two messages of one type that differ, each as canonical JSON ("" when absent or
// default), in field order, leaving out the fields named in `ignored`.
std::vector<v1::FieldChange> DiffMessages(const google::protobuf::Message& before,
                                          const google::protobuf::Message& after,
                                          std::span<const std::string_view> ignored);

// DiffMessages over what a user enters of a ContactPerson, Project, Edition or Group, and its
// delete_time and status: bookkeeping (name, etag, times), member counts and the `phone` and
// `email` that repeat the first of their lists are not compared.
std::vector<v1::FieldChange> DiffResourceVersions(const google::protobuf::Message& before,
                                                  const google::protobuf::Message& after);

// The fields of a kind an earlier version gives back, as update-mask paths of the resource's
// update: what a user enters, not an edition's status (it moves by its own rules).
const std::vector<std::string>& RestorableFields(HistoryKind kind);

// Whether `caller`'s roles read resources of `kind` at all (as its Get RPC): every CRM role for
// contact persons, projects and editions, the staff for groups (whose personal groups are then
// only their owner's, MaySeeGroup).
bool MayReadHistoryOf(HistoryKind kind, const common::auth::Principal& caller);

// The version a page of a history starts below, read from the page key of a list (its sort text
// is the last version shown); nullopt for the first page. A key that is no version is a
// violation of page_token.
std::optional<int> ReadVersionPageKey(const ListWindow& window, common::Violations& violations);

struct ResourceHistoryList {
  HistoryResource resource;
  int page_size = 0;
  std::optional<int> before_version;  // the page starts below this version; nullopt: newest
  common::api::PageQuery query;       // what the next page's token is issued for
};
ResourceHistoryList ValidateListResourceHistory(const v1::ListResourceHistoryRequest& request,
                                                std::string_view caller);
// The token of the page of `list` after the one ending at `last_version`.
std::string ResourceHistoryPageToken(const ResourceHistoryList& list, int last_version);

// The version and etag of a request restoring a version (RestoreClientVersion and
// RestoreResourceVersion): a version of 1 or more, and the etag required.
void CheckRestoredVersion(common::Violations& violations, int version, std::string_view etag);

struct ResourceRestore {
  HistoryResource resource;
  int version = 0;
  std::string etag;
};
ResourceRestore ValidateRestoreResourceVersion(const v1::RestoreResourceVersionRequest& request);

}  // namespace crm::registry
