#pragma once

#include <google/protobuf/any.pb.h>
#include <google/protobuf/message.h>

#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/resource_history.h"

// The history of contact persons, projects, editions and groups (domain/resource_history.h):
// every write of one of them records a version in its own transaction, through
// RecordResourceHistory; ListResourceHistory reads them and RestoreResourceVersion writes an old
// version's values back through the resource's own update use case.
namespace crm::registry::app {

// What a version records.
inline constexpr std::string_view kCreated = "created";
inline constexpr std::string_view kUpdated = "updated";
inline constexpr std::string_view kDeleted = "deleted";
inline constexpr std::string_view kUndeleted = "undeleted";
inline constexpr std::string_view kRestored = "restored";

// Appends the next version of `resource` (a v1::ContactPerson, Project, Edition or Group as just
// written in `tx`) with its differences from the version before.
void RecordResourceHistory(pqxx::transaction_base& tx, const google::protobuf::Message& resource,
                           std::string_view change, const std::string& actor);

// A page of the history of `list.resource` (`name`): NOT_FOUND for a resource the caller cannot
// see, PERMISSION_DENIED for a caller whose roles read none of its kind.
v1::ListResourceHistoryResponse ListResourceHistory(common::db::Pool& pool,
                                                    const common::auth::Principal& caller,
                                                    const ResourceHistoryList& list,
                                                    const std::string& name);

// Writes the restorable fields of version `restore.version` of the resource `name` back through
// its update use case (access rule, etag check, validation, event), recorded as "restored";
// NOT_FOUND for a version the resource does not have. The resource as restored, packed.
google::protobuf::Any RestoreResourceVersion(common::db::Pool& pool,
                                             const common::auth::Principal& caller,
                                             const ResourceRestore& restore,
                                             const std::string& name);

}  // namespace crm::registry::app
