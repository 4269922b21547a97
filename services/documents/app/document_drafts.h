#pragma once

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/documents/v1/documents.pb.h"

// Drafts of the sale's package (domain/lifecycle.h): rendered again from the sale's state the
// draft keeps, the issuer's current requisites and the active template, or issued. Each in one
// transaction under the sale's lock (as the sale events take it) and on the locked document row:
// the caller's right to change the document (the shared rule), that it is a draft, the etag.
namespace crm::documents::app {

// Renders the draft again, dated today, still without a number; records who did it and when.
// Returns the document as it is now.
v1::Document RenderDocumentDraft(common::db::Pool& pool, const common::auth::Principal& caller,
                                 const std::string& document_id, const std::string& etag);

// Issues the draft (DRAFT -> ISSUED): the next number of its series dated today, the final PDF,
// the sale's document of the kind in force replaced, document.issued published. Returns the
// document as it is now.
v1::Document IssueDraftDocument(common::db::Pool& pool, const common::auth::Principal& caller,
                                const std::string& document_id, const std::string& etag);

}  // namespace crm::documents::app
