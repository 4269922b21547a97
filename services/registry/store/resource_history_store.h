#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/resource_history.h"

// The recorded versions of contact persons, projects, editions and groups (table
// resource_history), inside the caller's transaction. A version comes back as a ResourceVersion
// with the resource, a message of its kind's type, packed in `resource`.
namespace crm::registry {

std::optional<v1::ResourceVersion> LatestResourceVersion(pqxx::transaction_base& tx,
                                                         const HistoryResource& resource);

// Appends version `version` of `resource`: `snapshot` is the resource after the change.
void AppendResourceVersion(pqxx::transaction_base& tx, const HistoryResource& resource, int version,
                           std::string_view change, const std::string& actor,
                           const google::protobuf::Message& snapshot,
                           const std::vector<v1::FieldChange>& field_changes);

// Newest first, below `before_version` (nullopt: from the newest), at most `limit`.
std::vector<v1::ResourceVersion> ReadResourceHistory(pqxx::transaction_base& tx,
                                                     const HistoryResource& resource,
                                                     std::optional<int> before_version, int limit);

std::optional<v1::ResourceVersion> ReadResourceVersion(pqxx::transaction_base& tx,
                                                       const HistoryResource& resource,
                                                       int version);

}  // namespace crm::registry
