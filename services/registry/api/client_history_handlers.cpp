// RegistryApi: a client's change history with field-level differences, and restoring a version.
#include <google/protobuf/util/time_util.h>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/registry_api.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/client_history.h"
#include "services/registry/domain/validation.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"

namespace crm::registry {
namespace {

using app::CheckHeadClient;
using app::ExistingClientMessage;
using app::LoadClientResponsibility;
using app::LockCurrentClient;
using common::auth::Principal;

}  // namespace

namespace {

// What a version says about its change: number, kind, who, when and the merge it belongs to.
void FillVersion(const ClientHistoryEntry& entry, v1::ClientVersion* version) {
  version->set_version(entry.version);
  version->set_change(entry.change);
  version->set_actor(entry.actor);
  *version->mutable_change_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(entry.change_time_micros);
  if (!entry.merge_id.empty()) {
    version->set_merge(common::ResourceName("merges", entry.merge_id));
  }
}

// ListClientHistory with include_merged: the versions of the client and of the clients merged
// into it, each compared with its own client's version before.
void ListMergedHistory(common::db::Pool& pool, const ClientHistoryList& list,
                       const std::string& name, v1::ListClientHistoryResponse* response) {
  auto entries = pool.Read([&](pqxx::read_transaction& tx) {
    if (!ClientExists(tx, list.client_id)) {
      throw common::NotFoundError(name);
    }
    return ReadMergedClientHistory(tx, list.client_id, list.after_merged, list.page_size + 1);
  });
  const std::size_t shown = std::min(entries.size(), static_cast<std::size_t>(list.page_size));
  for (std::size_t i = 0; i < shown; ++i) {
    const ClientHistoryEntry& entry = entries[i];
    v1::ClientVersion* version = response->add_versions();
    FillVersion(entry, version);
    const v1::Client before = entry.previous ? UpgradeSnapshot(*entry.previous) : v1::Client();
    for (v1::FieldChange& change : DiffClients(before, UpgradeSnapshot(entry.client))) {
      *version->add_field_changes() = std::move(change);
    }
    *version->mutable_client() = entry.client;
  }
  if (entries.size() > shown && shown > 0) {
    const ClientHistoryEntry& last = entries[shown - 1];
    response->set_next_page_token(MergedClientHistoryPageToken(
        list, {last.change_time_micros, last.client_id, last.version}));
  }
}

}  // namespace

grpc::Status RegistryApi::ListClientHistory(grpc::ServerContext* context,
                                            const v1::ListClientHistoryRequest* request,
                                            v1::ListClientHistoryResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientHistoryList list = ValidateListClientHistory(*request, caller.subject);
    if (list.include_merged) {
      ListMergedHistory(pool_, list, request->name(), response);
      return;
    }
    // One version more than the page: the sign of a next page, and the version the page's last
    // change is compared with.
    auto entries = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!ClientExists(tx, list.client_id)) {
        throw common::NotFoundError(request->name());
      }
      return ReadClientHistory(tx, list.client_id, list.before_version, list.page_size + 1);
    });
    const std::size_t shown = std::min(entries.size(), static_cast<std::size_t>(list.page_size));
    // Each version is upgraded once: it is the `after` of its own change and the `before` of
    // the next one's.
    std::vector<v1::Client> upgraded;
    upgraded.reserve(entries.size());
    for (const ClientHistoryEntry& entry : entries) {
      upgraded.push_back(UpgradeSnapshot(entry.client));
    }
    const v1::Client nothing;
    for (std::size_t i = 0; i < shown; ++i) {
      ClientHistoryEntry& entry = entries[i];
      v1::ClientVersion* version = response->add_versions();
      FillVersion(entry, version);
      // The first version is compared with nothing: every field it has is "added".
      const v1::Client& before = i + 1 < entries.size() ? upgraded[i + 1] : nothing;
      for (v1::FieldChange& change : DiffClients(before, upgraded[i])) {
        *version->add_field_changes() = std::move(change);
      }
      *version->mutable_client() = std::move(entry.client);
    }
    if (entries.size() > shown && shown > 0) {
      response->set_next_page_token(ClientHistoryPageToken(list, entries[shown - 1].version));
    }
  });
}

grpc::Status RegistryApi::RestoreClientVersion(grpc::ServerContext* context,
                                               const v1::RestoreClientVersionRequest* request,
                                               v1::Client* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientRestore restore = ValidateRestoreClientVersion(*request);
    v1::Client target;
    try {
      *response = pool_.InTransaction([&](pqxx::work& tx) {
        v1::Client current = LockCurrentClient(tx, restore.id, restore.etag);
        if (current.has_delete_time()) {
          throw common::PreconditionError(
              "CLIENT_DELETED",
              "the client " + current.name() + " is deleted; undelete it before restoring");
        }
        auto snapshot = ReadClientVersion(tx, restore.id, restore.version);
        if (!snapshot) {
          throw common::ValidationError(
              "version", "the client has no version " + std::to_string(restore.version));
        }
        target = ApplyClientUpdate(current, UpgradeSnapshot(*snapshot), RestorableClientFields());
        std::vector<std::string> changed;
        for (const v1::FieldChange& change : DiffClients(current, target)) {
          changed.push_back(change.field());
        }
        if (changed.empty()) {
          throw common::PreconditionError(
              "NOTHING_TO_RESTORE",
              "the client already has the values of version " + std::to_string(restore.version));
        }
        CheckClientEdit(caller, LoadClientResponsibility(tx, current), changed);
        CheckHeadClient(tx, target, restore.id);
        v1::Client restored = UpdateClientRecord(tx, restore.id, target, caller.subject);
        AppendClientHistory(tx, restored, "restored", caller.subject, "");
        common::bus::EnqueueEvent(tx, events::v1::kClientRestored, restored.name(),
                                  ClientRestoredEvent(restored, restore.version));
        return restored;
      });
    } catch (const pqxx::unique_violation&) {
      auto existing = pool_.Read([&](pqxx::read_transaction& tx) {
        return FindClientByInnKpp(tx, target.inn(), target.kpp());
      });
      if (!existing || existing->name() == request->name()) {
        throw;
      }
      throw common::AlreadyExistsError(ExistingClientMessage(target, *existing), existing->name());
    }
  });
}

}  // namespace crm::registry
