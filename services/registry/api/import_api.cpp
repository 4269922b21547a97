#include "services/registry/api/import_api.h"

#include <optional>
#include <string>
#include <vector>

#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/registry/domain/import/import_validation.h"
#include "services/registry/events/published.h"
#include "services/registry/store/import_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

// The settings message and the file's bytes, within the upload limits.
struct Upload {
  v1::CreateImportRequest first;
  std::string bytes;
};

Upload ReadUpload(grpc::ServerReader<v1::CreateImportRequest>* reader) {
  Upload upload;
  if (!reader->Read(&upload.first)) {
    throw common::ValidationError("import", "is required: the stream was empty");
  }
  ValidateImportSettings(upload.first);
  v1::CreateImportRequest message;
  while (reader->Read(&message)) {
    if (message.has_import()) {
      throw common::ValidationError("import", "must be sent once, in the first message only");
    }
    if (message.chunk().size() > kMaxImportChunkBytes) {
      throw common::ValidationError("chunk", "must be at most 1 MiB per message");
    }
    if (upload.bytes.size() + message.chunk().size() > common::tabular::kMaxImportFileBytes) {
      throw common::ValidationError(
          "chunk", "the file exceeds " +
                       std::to_string(common::tabular::kMaxImportFileBytes / (1024 * 1024)) +
                       " MiB; split it into several imports");
    }
    upload.bytes += message.chunk();
  }
  return upload;
}

// One event per client, written with one COPY.
template <class Event>
void EnqueueClientEvents(pqxx::transaction_base& tx, const common::bus::Topic<Event>& topic,
                         const std::vector<v1::Client>& clients,
                         Event (*build)(const v1::Client&)) {
  std::vector<Event> payloads;
  payloads.reserve(clients.size());
  for (const v1::Client& client : clients) {
    payloads.push_back(build(client));
  }
  std::vector<common::bus::PendingEvent<Event>> pending;
  pending.reserve(clients.size());
  for (std::size_t i = 0; i < clients.size(); ++i) {
    pending.push_back({clients[i].name(), &payloads[i]});
  }
  common::bus::EnqueueEvents(tx, topic, pending);
}

// History and events of one batch's changes, in the batch's transaction.
void RecordChanges(pqxx::transaction_base& tx, const BatchChanges& changes,
                   const std::string& actor) {
  const std::string& request_id = common::log::CurrentRequestId();
  AppendClientHistoryMany(tx, changes.created, "created", actor, request_id);
  AppendClientHistoryMany(tx, changes.updated, "updated", actor, request_id);
  EnqueueClientEvents(tx, events::v1::kClientCreated, changes.created, &ClientCreatedEvent);
  EnqueueClientEvents(tx, events::v1::kClientUpdated, changes.updated, &ClientUpdatedEvent);
}

v1::ClientImport MustFindImport(pqxx::transaction_base& tx, const std::string& id) {
  auto import = FindImport(tx, id);
  if (!import) {
    throw common::NotFoundError(common::ResourceName("imports", id));
  }
  return *import;
}

}  // namespace

ImportApi::ImportApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status ImportApi::CreateImport(grpc::ServerContext* context,
                                     grpc::ServerReader<v1::CreateImportRequest>* reader,
                                     v1::ClientImport* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const Upload upload = ReadUpload(reader);
    const std::string file_sha256 = common::db::Sha256Hex(upload.bytes);
    // The settings and the file's content make the body a repeat must match.
    const common::api::IdempotencyKey key =
        common::api::KeyOf(caller.subject, "CreateImport", upload.first, file_sha256);
    const auto find = [](pqxx::transaction_base& tx, const std::string& name) {
      return common::api::Found(FindImport(tx, common::ParseResourceId(name, "imports").value()),
                                name);
    };
    // A repeat is answered before the file is parsed again.
    if (auto replay = common::api::FindReplay(pool_, key, find)) {
      *response = *replay;
      return;
    }
    const v1::ClientImport& settings = upload.first.import();
    const common::tabular::SourceTable table = ReadImportFile(upload.bytes, settings);
    const ImportPlan plan = PlanImport(table, settings);

    NewImport import;
    import.id = common::NewUuid();
    import.import.set_file_name(settings.file_name());
    import.import.set_format(settings.format());
    import.import.set_encoding(UsedEncoding(upload.bytes, settings));
    import.import.set_delimiter(UsedDelimiter(upload.bytes, settings));
    import.import.set_existing_client_policy(UsedPolicy(settings));
    for (const std::string& column : table.header) {
      import.import.add_columns(column);
    }
    for (const ColumnMapping& mapping : plan.mappings) {
      auto* out = import.import.add_column_mappings();
      out->set_column(mapping.column);
      out->set_field(mapping.field);
    }
    import.file_sha256 = file_sha256;
    import.file_bytes = static_cast<long long>(upload.bytes.size());
    import.actor = caller.subject;

    std::vector<MappedRow> rows;
    rows.reserve(table.rows.size());
    for (const common::tabular::SourceRow& row : table.rows) {
      rows.push_back(MapRow(row, table.header, plan.resolved));
    }
    *response = common::api::CreateOnce(
        pool_, key,
        [&](pqxx::work& tx) {
          InsertImport(tx, import, rows);
          return MustFindImport(tx, import.id);
        },
        find);
  });
}

grpc::Status ImportApi::RunImport(grpc::ServerContext* context, const v1::RunImportRequest* request,
                                  grpc::ServerWriter<v1::ClientImport>* writer) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ImportRun run = ValidateRunImport(*request);
    const v1::ClientImport before =
        pool_.Read([&](pqxx::read_transaction& tx) { return MustFindImport(tx, run.import_id); });
    auto lock = ImportRunLock::TryAcquire(pool_, run.import_id);
    if (!lock) {
      throw common::ConflictError("IMPORT_RUNNING", "the import " + before.name() +
                                                        " is being run by another request; "
                                                        "watch it with GetImport and retry later");
    }
    const auto [first_row, last_row] = pool_.InTransaction([&](pqxx::work& tx) {
      ResetImportRows(tx, run.import_id);
      SetImportState(tx, run.import_id, "running");
      return ImportRowBounds(tx, run.import_id);
    });
    try {
      for (int start = first_row; start <= last_row; start += run.batch_rows) {
        const ImportBatch batch{
            .import_id = run.import_id,
            .first_row = start,
            .end_row = start + run.batch_rows,
            .skip_existing = before.existing_client_policy() == v1::EXISTING_CLIENT_POLICY_SKIP,
            .validate_only = run.validate_only,
            .actor = caller.subject};
        v1::ClientImport progress = pool_.InTransaction([&](pqxx::work& tx) {
          RecordChanges(tx, RunImportBatch(tx, batch), caller.subject);
          return MustFindImport(tx, run.import_id);
        });
        // A caller that went away does not stop the run: its batches are committed one by one
        // and the import finishes for whoever looks at it next.
        writer->Write(progress);
      }
      v1::ClientImport finished = pool_.InTransaction([&](pqxx::work& tx) {
        SetImportState(tx, run.import_id, run.validate_only ? "dry_run_done" : "completed");
        v1::ClientImport done = MustFindImport(tx, run.import_id);
        if (!run.validate_only) {
          common::bus::EnqueueEvent(tx, events::v1::kImportCompleted, done.name(),
                                    ClientImportCompletedEvent(done, caller.subject));
        }
        return done;
      });
      writer->Write(finished);
    } catch (...) {
      // Committed batches stay; the import is back to "not run" so a re-run completes it.
      try {
        pool_.InTransaction([&](pqxx::work& tx) { SetImportState(tx, run.import_id, "uploaded"); });
      } catch (const std::exception&) {
        // The original failure is the one to report.
      }
      throw;
    }
  });
}

grpc::Status ImportApi::GetImport(grpc::ServerContext* context, const v1::GetImportRequest* request,
                                  v1::ClientImport* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateImportName(request->name(), "name");
    *response = pool_.Read([&](pqxx::read_transaction& tx) { return MustFindImport(tx, id); });
  });
}

grpc::Status ImportApi::ListImportRows(grpc::ServerContext* context,
                                       const v1::ListImportRowsRequest* request,
                                       v1::ListImportRowsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ImportRowsList list = ValidateListImportRows(*request, caller.subject);
    const ImportRowsPage page = pool_.Read([&](pqxx::read_transaction& tx) {
      // Only whether it exists: reading the import counts its rows by outcome, which a page of
      // a large import's rows must not wait for.
      if (!ImportExists(tx, list.import_id)) {
        throw common::NotFoundError(common::ResourceName("imports", list.import_id));
      }
      return registry::ListImportRows(tx, {.import_id = list.import_id,
                                           .outcomes = list.outcomes,
                                           .page_size = list.page_size,
                                           .after_row = list.after_row});
    });
    for (const v1::ImportRow& row : page.rows) {
      *response->add_rows() = row;
    }
    if (page.next_after_row) {
      response->set_next_page_token(ImportRowsPageToken(list, *page.next_after_row));
    }
  });
}

}  // namespace crm::registry
