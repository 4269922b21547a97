#include "services/registry/app/resource_history.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "common/core/errors.h"
#include "services/registry/app/contact_persons.h"
#include "services/registry/app/exhibition_edits.h"
#include "services/registry/app/group_edits.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/exhibition_store.h"
#include "services/registry/store/group_store.h"
#include "services/registry/store/project_store.h"
#include "services/registry/store/resource_history_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

// Throws NotFoundError(name) unless the resource exists and the caller may see it (a personal
// group only its owner).
void CheckVisible(pqxx::transaction_base& tx, const Principal& caller,
                  const HistoryResource& resource, const std::string& name) {
  bool visible = false;
  switch (resource.kind) {
    case HistoryKind::kContactPerson:
      visible = FindContactPerson(tx, {resource.parent_id, resource.id}).has_value();
      break;
    case HistoryKind::kProject:
      visible = FindProject(tx, resource.id).has_value();
      break;
    case HistoryKind::kEdition:
      visible = FindEdition(tx, {resource.parent_id, resource.id}).has_value();
      break;
    case HistoryKind::kGroup: {
      auto group = FindGroup(tx, resource.id);
      visible = group && MaySeeGroup(*group, caller);
      break;
    }
  }
  if (!visible) {
    throw common::NotFoundError(name);
  }
}

void CheckReadsKind(const Principal& caller, HistoryKind kind) {
  if (!MayReadHistoryOf(kind, caller)) {
    throw common::PermissionError("the caller's roles do not read " +
                                  std::string(HistoryKindText(kind)) + " records");
  }
}

template <class Resource>
Resource Unpacked(const google::protobuf::Any& packed) {
  Resource resource;
  if (!packed.UnpackTo(&resource)) {
    throw std::logic_error("a history snapshot of another type: " + packed.type_url());
  }
  return resource;
}

// The resource's update use case with the restorable fields of `snapshot` and the caller's etag.
google::protobuf::Any UpdateFromSnapshot(common::db::Pool& pool, const Principal& caller,
                                         const ResourceRestore& restore,
                                         const google::protobuf::Any& snapshot) {
  const HistoryResource& resource = restore.resource;
  const std::vector<std::string>& paths = RestorableFields(resource.kind);
  google::protobuf::Any restored;
  switch (resource.kind) {
    case HistoryKind::kContactPerson:
      restored.PackFrom(UpdateContactPerson(
          pool, caller, ContactPersonUpdate{{resource.parent_id, resource.id}, restore.etag, paths},
          Unpacked<v1::ContactPerson>(snapshot), kRestored));
      break;
    case HistoryKind::kProject:
      restored.PackFrom(UpdateProject(pool, caller,
                                      ProjectUpdate{resource.id, MaskedUpdate{paths, restore.etag}},
                                      Unpacked<v1::Project>(snapshot), kRestored));
      break;
    case HistoryKind::kEdition:
      restored.PackFrom(UpdateEdition(pool, caller,
                                      EditionUpdate{EditionRef{resource.parent_id, resource.id},
                                                    MaskedUpdate{paths, restore.etag}},
                                      Unpacked<v1::Edition>(snapshot), kRestored));
      break;
    case HistoryKind::kGroup:
      restored.PackFrom(UpdateGroup(pool, caller, GroupUpdate{resource.id, restore.etag, paths},
                                    Unpacked<v1::Group>(snapshot), kRestored));
      break;
  }
  return restored;
}

}  // namespace

void RecordResourceHistory(pqxx::transaction_base& tx, const google::protobuf::Message& resource,
                           std::string_view change, const std::string& actor) {
  const std::string name = resource.GetReflection()->GetString(
      resource, resource.GetDescriptor()->FindFieldByName("name"));
  auto target = ParseHistoryResourceName(name);
  if (!target || HistoryKindOf(resource.GetDescriptor()) != target->kind) {
    throw std::logic_error("no history is kept for " + resource.GetTypeName() + " " + name);
  }
  std::unique_ptr<google::protobuf::Message> before(resource.New());
  int version = 1;
  if (auto latest = LatestResourceVersion(tx, *target)) {
    latest->resource().UnpackTo(before.get());
    version = latest->version() + 1;
  }
  AppendResourceVersion(tx, *target, version, change, actor, resource,
                        DiffResourceVersions(*before, resource));
}

v1::ListResourceHistoryResponse ListResourceHistory(common::db::Pool& pool, const Principal& caller,
                                                    const ResourceHistoryList& list,
                                                    const std::string& name) {
  CheckReadsKind(caller, list.resource.kind);
  // One version more than the page: the sign of a next page.
  auto versions = pool.Read([&](pqxx::read_transaction& tx) {
    CheckVisible(tx, caller, list.resource, name);
    return ReadResourceHistory(tx, list.resource, list.before_version, list.page_size + 1);
  });
  v1::ListResourceHistoryResponse response;
  const std::size_t shown = std::min(versions.size(), static_cast<std::size_t>(list.page_size));
  for (std::size_t i = 0; i < shown; ++i) {
    *response.add_versions() = std::move(versions[i]);
  }
  if (versions.size() > shown && shown > 0) {
    response.set_next_page_token(
        ResourceHistoryPageToken(list, response.versions(static_cast<int>(shown) - 1).version()));
  }
  return response;
}

google::protobuf::Any RestoreResourceVersion(common::db::Pool& pool, const Principal& caller,
                                             const ResourceRestore& restore,
                                             const std::string& name) {
  CheckReadsKind(caller, restore.resource.kind);
  auto version = pool.Read([&](pqxx::read_transaction& tx) {
    CheckVisible(tx, caller, restore.resource, name);
    return ReadResourceVersion(tx, restore.resource, restore.version);
  });
  if (!version) {
    throw common::NotFoundError(name + " version " + std::to_string(restore.version));
  }
  return UpdateFromSnapshot(pool, caller, restore, version->resource());
}

}  // namespace crm::registry::app
