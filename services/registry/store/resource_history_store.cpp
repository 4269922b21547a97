#include "services/registry/store/resource_history_store.h"

#include <climits>
#include <memory>

#include "common/bus/outbox.h"
#include "common/db/row.h"
#include "services/registry/store/page.h"

namespace crm::registry {
namespace {

using common::db::Row;

std::string KindOf(const HistoryResource& resource) {
  return std::string(HistoryKindText(resource.kind));
}

// A row of resource_history_columns, the snapshot read as a message of the kind's type.
v1::ResourceVersion DecodeResourceVersion(const Row& row, HistoryKind kind) {
  v1::ResourceVersion version;
  common::bus::FromJson(row.Text("field_changes"), &version);
  version.set_version(row.Int32("version"));
  version.set_change(row.Text("change"));
  version.set_actor(row.Text("changed_by"));
  *version.mutable_change_time() = row.TimeFromMicros("change_time_us");
  std::unique_ptr<google::protobuf::Message> snapshot(HistoryMessageOf(kind).New());
  common::bus::FromJson(row.Text("snapshot"), snapshot.get());
  version.mutable_resource()->PackFrom(*snapshot);
  return version;
}

}  // namespace

std::optional<v1::ResourceVersion> LatestResourceVersion(pqxx::transaction_base& tx,
                                                         const HistoryResource& resource) {
  return FirstRowOf(tx.exec_prepared("resource_history_latest", KindOf(resource), resource.id),
                    [&](const Row& row) { return DecodeResourceVersion(row, resource.kind); });
}

void AppendResourceVersion(pqxx::transaction_base& tx, const HistoryResource& resource, int version,
                           std::string_view change, const std::string& actor,
                           const google::protobuf::Message& snapshot,
                           const std::vector<v1::FieldChange>& field_changes) {
  v1::ResourceVersion changes;
  for (const v1::FieldChange& field_change : field_changes) {
    *changes.add_field_changes() = field_change;
  }
  tx.exec_prepared0("resource_history_append", KindOf(resource), resource.id, version,
                    std::string(change), actor, common::bus::ToJson(snapshot),
                    common::bus::ToJson(changes));
}

std::vector<v1::ResourceVersion> ReadResourceHistory(pqxx::transaction_base& tx,
                                                     const HistoryResource& resource,
                                                     std::optional<int> before_version, int limit) {
  std::vector<v1::ResourceVersion> versions;
  for (const auto& row : tx.exec_prepared("resource_history_page", KindOf(resource), resource.id,
                                          before_version.value_or(INT_MAX), limit)) {
    versions.push_back(DecodeResourceVersion(Row(row), resource.kind));
  }
  return versions;
}

std::optional<v1::ResourceVersion> ReadResourceVersion(pqxx::transaction_base& tx,
                                                       const HistoryResource& resource,
                                                       int version) {
  return FirstRowOf(
      tx.exec_prepared("resource_history_version", KindOf(resource), resource.id, version),
      [&](const Row& row) { return DecodeResourceVersion(row, resource.kind); });
}

}  // namespace crm::registry
