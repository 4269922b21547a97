#pragma once

#include <chrono>
#include <string>

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/documents/v1/documents.pb.h"
#include "services/documents/store/document_store.h"

// A document's life after it is issued, each step in one transaction on the locked document row:
// the caller's right to change the document (the shared rule, as for reading it), the etag, the
// state the step starts from (domain/lifecycle.h), the change, and its event through the outbox.
namespace crm::documents::app {

// ISSUED -> SENT by `request.channel()` to `request.recipient()` (both already validated);
// published as document.sent. Returns the document as it is now.
v1::Document MarkDocumentSent(common::db::Pool& pool, const common::auth::Principal& caller,
                              const std::string& document_id,
                              const v1::MarkDocumentSentRequest& request);

// What MarkDocumentSigned records, validated apart from what needs the document.
struct Signature {
  std::string etag;
  std::string counterparty_signatory;
  std::chrono::year_month_day signed_date;  // not in the future
  std::string scan_id;                      // a scan of the document, or '' for none
};

// ISSUED or SENT -> SIGNED for a kind the buyer signs; the signed date must not be before the
// issue date, and the scan must be one of the document's. Published as document.signed.
v1::Document MarkDocumentSigned(common::db::Pool& pool, const common::auth::Principal& caller,
                                const std::string& document_id, const Signature& signature);

// Stores a scan of a document in force (the upload already validated), once per idempotency key.
v1::DocumentScan AttachDocumentScan(common::db::Pool& pool, const common::auth::Principal& caller,
                                    const common::api::IdempotencyKey& key, store::NewScan scan);

// The file of a scan, for whoever may see its document.
store::DocumentFile ScanFile(common::db::Pool& pool, const common::auth::Principal& caller,
                             const std::string& document_id, const std::string& scan_id,
                             const std::string& scan_name);

}  // namespace crm::documents::app
