#include "services/accounting/app/export_document.h"

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "services/accounting/domain/export_package.h"
#include "services/accounting/events/published.h"
#include "services/accounting/store/export_store.h"

namespace crm::accounting::app {

namespace {

// Records `package` as an export of `operation` for `document`, writes its file and enqueues
// ExportCompleted, unless the document has this export already.
void Export(pqxx::work& tx, const domain::ExportPackage& package, const std::string& document,
            const std::string& document_number, const std::string& operation,
            const std::string& event_id, const ExchangeDirectory& exchange) {
  ExportRecord record;
  record.id = common::NewUuid();
  record.document_id = package.document_id;
  record.document_number = document_number;
  record.file_name = package.file_name;
  record.sha256 = common::db::Sha256Hex(package.content);
  record.size_bytes = static_cast<int64_t>(package.content.size());
  record.source_event_id = event_id;
  record.operation = operation;
  record.content = package.content;
  // The row first: it takes the unique (document, operation) key, so a concurrent handler of the
  // same document (another replica, another event id) waits here and then finds it exported.
  if (!ExportStore::Insert(tx, record)) {
    // Not rewritten: 1C may have imported and removed the file, and a second copy would be
    // imported twice.
    common::log::Info("document already exported; nothing to do",
                      {{"document", document}, {"operation", operation}, {"event_id", event_id}});
    return;
  }

  // The file is written before this transaction commits, on purpose. Committing first would
  // risk a crash between commit and write: the event would then count as processed and the
  // file would never be written. Writing first risks only a crash between write and commit, and
  // then nothing is recorded or acknowledged, the event is redelivered, and the rewrite puts
  // the same bytes under the same name (the content depends on the event alone, and the rename
  // is atomic), while the unique row keeps it to one record and one ExportCompleted.
  exchange.WriteAtomically(package.file_name, package.content);

  const crm::events::v1::ExportCompleted completed = ExportCompletedEvent(record, document);
  common::bus::EnqueueEvent(tx, crm::events::v1::kExportCompleted, completed.export_(), completed);
  common::log::Info("document exported for 1C", {{"document", document},
                                                 {"operation", operation},
                                                 {"export", completed.export_()},
                                                 {"file_name", record.file_name}});
}

}  // namespace

void ExportDocument(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                    const std::string& event_id, const ExchangeDirectory& exchange) {
  if (!domain::ExportedToAccounting(event.type())) {
    return;
  }
  // A malformed document throws ValidationError: the consumer dead-letters it with the reasons.
  const domain::ExportPackage package = domain::BuildExportPackage(event, event_id);
  Export(tx, package, event.document(), event.number(), "issue", event_id, exchange);
}

void ExportAnnulment(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event,
                     const std::string& event_id, const ExchangeDirectory& exchange) {
  if (!domain::ExportedToAccounting(event.type())) {
    return;
  }
  const domain::ExportPackage package = domain::BuildAnnulmentPackage(event, event_id);
  Export(tx, package, event.document(), event.number(), "annul", event_id, exchange);
}

}  // namespace crm::accounting::app
