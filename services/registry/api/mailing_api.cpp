#include "services/registry/api/mailing_api.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/app/verification_queue.h"
#include "services/registry/domain/mailing_files.h"
#include "services/registry/domain/mailing_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/render/address_labels_pdf.h"
#include "services/registry/store/mailing_store.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

constexpr std::size_t kChunkBytes = 64 * 1024;

// The selection as the caller may see it: a live one, and a personal one only for its owner (to
// anyone else it does not exist).
v1::MailingSelection VisibleSelection(std::optional<v1::MailingSelection> selection,
                                      const Principal& caller, const std::string& name) {
  if (!selection || selection->has_delete_time() || !MaySeeMailingSelection(*selection, caller)) {
    throw common::NotFoundError(name);
  }
  return *selection;
}

v1::MailingSelection EditableSelection(std::optional<v1::MailingSelection> selection,
                                       const Principal& caller, const std::string& name) {
  v1::MailingSelection visible = VisibleSelection(std::move(selection), caller, name);
  if (!MayEditMailingSelection(visible, caller)) {
    throw common::PermissionError("only analysts edit the shared selection " + name);
  }
  return visible;
}

// An export is seen by whoever may see the selection it was made from (as it is now; a deleted
// selection's exports stay readable to its owner, or to everyone when it was shared).
v1::MailingExport VisibleExport(pqxx::transaction_base& tx, const std::string& id,
                                const Principal& caller, const std::string& name) {
  auto found = FindMailingExport(tx, id);
  if (!found || !MaySeeMailingSelection(found->selection_snapshot(), caller)) {
    throw common::NotFoundError(name);
  }
  return *found;
}

}  // namespace

MailingApi::MailingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status MailingApi::CreateMailingSelection(grpc::ServerContext* context,
                                                const v1::CreateMailingSelectionRequest* request,
                                                v1::MailingSelection* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::MailingSelection selection = ValidateCreateMailingSelection(*request);
    if (!MayCreateMailingSelection(selection, caller)) {
      throw common::PermissionError(
          "only analysts create shared mailing selections; keep a personal one");
    }
    const std::string owner = selection.personal() ? caller.subject : "";
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateMailingSelection", *request),
        [&](pqxx::work& tx) {
          v1::MailingSelection created =
              InsertMailingSelection(tx, common::NewUuid(), selection, owner, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kMailingSelectionCreated, created.name(),
                                    MailingSelectionChangedEvent(created, caller.subject));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindMailingSelection(tx, common::ParseResourceId(name, "mailingSelections").value()),
              name);
        });
  });
}

grpc::Status MailingApi::GetMailingSelection(grpc::ServerContext* context,
                                             const v1::GetMailingSelectionRequest* request,
                                             v1::MailingSelection* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateMailingSelectionName(request->name(), "name");
    *response = VisibleSelection(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindMailingSelection(tx, id); }),
        caller, request->name());
  });
}

grpc::Status MailingApi::UpdateMailingSelection(grpc::ServerContext* context,
                                                const v1::UpdateMailingSelectionRequest* request,
                                                v1::MailingSelection* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const MailingSelectionUpdate update = ValidateUpdateMailingSelection(*request);
    const std::string& name = request->mailing_selection().name();
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::MailingSelection current =
          EditableSelection(LockMailingSelection(tx, update.id), caller, name);
      common::api::CheckEtag(current.name(), current.etag(), update.etag);
      v1::MailingSelection updated = UpdateMailingSelectionRecord(
          tx, update.id,
          ApplyMailingSelectionUpdate(current, request->mailing_selection(), update.paths),
          caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kMailingSelectionUpdated, updated.name(),
                                MailingSelectionChangedEvent(updated, caller.subject));
      return updated;
    });
  });
}

grpc::Status MailingApi::DeleteMailingSelection(grpc::ServerContext* context,
                                                const v1::DeleteMailingSelectionRequest* request,
                                                v1::MailingSelection* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const MailingSelectionDeletion deletion = ValidateDeleteMailingSelection(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::MailingSelection current =
          EditableSelection(LockMailingSelection(tx, deletion.id), caller, request->name());
      common::api::CheckEtag(current.name(), current.etag(), deletion.etag);
      v1::MailingSelection deleted = MarkMailingSelectionDeleted(tx, deletion.id, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kMailingSelectionDeleted, deleted.name(),
                                MailingSelectionChangedEvent(deleted, caller.subject));
      return deleted;
    });
  });
}

grpc::Status MailingApi::ListMailingSelections(grpc::ServerContext* context,
                                               const v1::ListMailingSelectionsRequest* request,
                                               v1::ListMailingSelectionsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ListWindow window = ValidateListMailingSelections(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      return registry::ListMailingSelections(tx, window, caller.subject);
    });
    FillListResponse(page, window, response->mutable_mailing_selections(),
                     response->mutable_next_page_token());
  });
}

grpc::Status MailingApi::CreateMailingExport(grpc::ServerContext* context,
                                             const v1::CreateMailingExportRequest* request,
                                             v1::MailingExport* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewMailingExport input = ValidateCreateMailingExport(*request);
    // A repeated request finds its export even when the selection changed since.
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateMailingExport", *request),
        [&](pqxx::work& tx) {
          // Locked, so the export runs the selection exactly as recorded in its snapshot.
          const v1::MailingSelection selection = VisibleSelection(
              LockMailingSelection(tx, input.selection_id), caller, request->selection());
          common::Violations violations;
          const ClientFilterSpec filter =
              ReadClientFilter(selection.filter(), "selection.filter", violations);
          // A filter saved before a rule tightened is the selection's problem, not the caller's.
          if (!violations.empty()) {
            throw common::PreconditionError(
                "SELECTION_FILTER_INVALID",
                "the filter of " + selection.name() + " is no longer valid; update it first");
          }
          v1::MailingExport made =
              InsertMailingExport(tx, common::NewUuid(), selection, filter, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kMailingExportCreated, made.name(),
                                    MailingExportCreatedEvent(made));
          return made;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindMailingExport(tx, common::ParseResourceId(name, "mailingExports").value()), name);
        });
  });
}

grpc::Status MailingApi::GetMailingExport(grpc::ServerContext* context,
                                          const v1::GetMailingExportRequest* request,
                                          v1::MailingExport* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateMailingExportName(request->name(), "name");
    *response = pool_.Read(
        [&](pqxx::read_transaction& tx) { return VisibleExport(tx, id, caller, request->name()); });
  });
}

grpc::Status MailingApi::DownloadMailingExport(grpc::ServerContext* context,
                                               const v1::DownloadMailingExportRequest* request,
                                               grpc::ServerWriter<v1::MailingExportChunk>* writer) {
  return guard_.Run(context, [&](const Principal& caller) {
    const MailingDownload download = ValidateDownloadMailingExport(*request);
    const std::vector<MailingRecipient> recipients = pool_.Read([&](pqxx::read_transaction& tx) {
      VisibleExport(tx, download.export_id, caller, request->name());
      return ReadMailingRecipients(tx, download.export_id);
    });
    const bool csv = download.format == v1::MAILING_EXPORT_FORMAT_CSV;
    const std::string file =
        csv ? MailingCsv(recipients) : RenderAddressLabels(MailingLabels(recipients), LabelSheet{});
    v1::MailingExportChunk chunk;
    chunk.set_content_type(csv ? "text/csv; charset=utf-8" : "application/pdf");
    chunk.set_file_name("mailing-" + download.export_id + (csv ? ".csv" : ".pdf"));
    for (std::size_t at = 0; at < file.size() || at == 0; at += kChunkBytes) {
      chunk.set_data(file.substr(at, kChunkBytes));
      if (!writer->Write(chunk)) {
        return;  // the caller went away
      }
      chunk.clear_content_type();
      chunk.clear_file_name();
      if (file.empty()) {
        break;
      }
    }
  });
}

grpc::Status MailingApi::MarkReturnedMail(grpc::ServerContext* context,
                                          const v1::MarkReturnedMailRequest* request,
                                          v1::MarkReturnedMailResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ReturnedMail input = ValidateMarkReturnedMail(*request);
    auto mark = [&](pqxx::work& tx) {
      const v1::MailingExport made = VisibleExport(tx, input.export_id, caller, request->name());
      const ReturnedMailTargets targets =
          ResolveReturnedMail(tx, input.export_id, input.row_numbers, input.client_ids);
      common::Violations violations;
      for (int row : targets.unknown_rows) {
        const auto at = std::find(input.row_numbers.begin(), input.row_numbers.end(), row) -
                        input.row_numbers.begin();
        violations.Add("row_numbers[" + std::to_string(at) + "]", "is not a row of " + made.name());
      }
      for (const std::string& id : targets.unknown_clients) {
        const auto at = std::find(input.client_ids.begin(), input.client_ids.end(), id) -
                        input.client_ids.begin();
        violations.Add("clients[" + std::to_string(at) + "]",
                       "is not a recipient of " + made.name());
      }
      violations.ThrowIfAny();
      v1::MarkReturnedMailResponse result;
      for (const std::string& client_id : targets.client_ids) {
        NewVerificationItem item;
        item.client_id = client_id;
        item.problem = input.problem.empty() ? "returned mail" : input.problem;
        item.field_paths = {"postal_address"};
        item.comment = input.comment;
        item.returned_mail_key = ReturnedMailRequestId(input.export_id, client_id);
        // Marked from this export before: the item it opened then stands.
        std::optional<v1::VerificationItem> opened =
            FindReturnedMailItem(tx, item.returned_mail_key);
        if (!opened) {
          opened = app::InvalidatePostalAddress(tx, item, caller);
        }
        const std::string item_id =
            common::ParseResourceId(opened->name(), "verificationItems").value();
        result.set_marked_rows(result.marked_rows() +
                               MarkExportRowsReturned(tx, input.export_id, client_id, item_id));
        *result.add_verification_items() = *opened;
      }
      common::bus::EnqueueEvent(tx, events::v1::kMailingExportReturnedMailMarked, made.name(),
                                MailingReturnedMailMarkedEvent(made, targets.client_ids,
                                                               input.row_numbers, caller.subject));
      return result;
    };
    try {
      *response = pool_.InTransaction(mark);
    } catch (const pqxx::unique_violation&) {
      // A concurrent request marked one of the clients first: its item now stands.
      *response = pool_.InTransaction(mark);
    }
  });
}

}  // namespace crm::registry
