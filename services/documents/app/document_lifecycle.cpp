#include "services/documents/app/document_lifecycle.h"

#include <algorithm>
#include <optional>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/documents/app/document_access.h"
#include "services/documents/domain/lifecycle.h"
#include "services/documents/events/published.h"

namespace crm::documents::app {
namespace {

using common::auth::Action;

// The document locked for a change by `caller`: it exists, the caller may change it, and the
// etag (when given) is current.
v1::Document LockForChange(pqxx::work& tx, const common::auth::Principal& caller,
                           const std::string& document_id, const std::string& etag) {
  const std::string name = common::ResourceName("documents", document_id);
  store::DocumentRecord record = common::api::Found(store::LockDocument(tx, document_id), name);
  CheckDocumentAccess(tx, caller, record.document.manager(), Action::kWrite);
  common::api::CheckEtag(name, record.document.etag(), etag);
  return std::move(record.document);
}

// The document `document_id` as a change by `caller` left it, with the change's event (made by
// `event_of`) enqueued on `topic` and the change logged as `what` ("document sent").
template <class Event>
v1::Document Announce(pqxx::work& tx, const common::auth::Principal& caller,
                      const std::string& document_id, const common::bus::Topic<Event>& topic,
                      Event (*event_of)(const v1::Document&), const char* what) {
  v1::Document document = Reread(tx, document_id);
  common::bus::EnqueueEvent(tx, topic, document.name(), event_of(document));
  common::log::Info(
      what, {{"document", document.name()}, {"number", document.number()}, {"by", caller.subject}});
  return document;
}

}  // namespace

v1::Document MarkDocumentSent(common::db::Pool& pool, const common::auth::Principal& caller,
                              const std::string& document_id,
                              const v1::MarkDocumentSentRequest& request) {
  return pool.InTransaction([&](pqxx::work& tx) {
    CheckMaySend(LockForChange(tx, caller, document_id, request.etag()));
    store::MarkSent(tx, document_id, request.channel(), request.recipient(), caller.subject);
    return Announce(tx, caller, document_id, events::v1::kDocumentSent, DocumentSentEvent,
                    "document sent");
  });
}

v1::Document MarkDocumentSigned(common::db::Pool& pool, const common::auth::Principal& caller,
                                const std::string& document_id, const Signature& signature) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const v1::Document current = LockForChange(tx, caller, document_id, signature.etag);
    CheckMaySign(current);
    common::Violations violations;
    const std::optional<std::chrono::year_month_day> issued =
        common::api::ParseIsoDate(common::api::IsoDate(current.issue_date()));
    if (issued && std::chrono::sys_days{signature.signed_date} < std::chrono::sys_days{*issued}) {
      violations.Add("signed_date", "must not be before the document's issue date " +
                                        common::api::IsoDate(current.issue_date()));
    }
    if (!signature.scan_id.empty()) {
      const std::string scan_name = ScanName(document_id, signature.scan_id);
      if (std::none_of(current.scans().begin(), current.scans().end(),
                       [&](const v1::DocumentScan& s) { return s.name() == scan_name; })) {
        violations.Add("scan", "is not a scan of this document");
      }
    }
    violations.ThrowIfAny();
    store::MarkSigned(tx, document_id, signature.counterparty_signatory,
                      common::api::IsoDate(signature.signed_date), caller.subject,
                      signature.scan_id);
    return Announce(tx, caller, document_id, events::v1::kDocumentSigned, DocumentSignedEvent,
                    "document signed");
  });
}

v1::DocumentScan AttachDocumentScan(common::db::Pool& pool, const common::auth::Principal& caller,
                                    const common::api::IdempotencyKey& key, store::NewScan scan) {
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        CheckMayAttach(LockForChange(tx, caller, scan.document_id, ""));
        scan.id = common::NewUuid();
        scan.uploaded_by = caller.subject;
        return store::InsertScan(tx, scan);
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        const v1::Document document = Reread(tx, scan.document_id);
        for (const v1::DocumentScan& stored : document.scans()) {
          if (stored.name() == name) {
            return stored;
          }
        }
        throw common::NotFoundError(name);
      });
}

store::DocumentFile ScanFile(common::db::Pool& pool, const common::auth::Principal& caller,
                             const std::string& document_id, const std::string& scan_id,
                             const std::string& scan_name) {
  return pool.Read([&](pqxx::read_transaction& tx) {
    store::DocumentFile file =
        common::api::Found(store::GetScanFile(tx, document_id, scan_id), scan_name);
    CheckDocumentAccess(tx, caller, file.manager, Action::kRead);
    return file;
  });
}

}  // namespace crm::documents::app
