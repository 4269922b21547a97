#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/api/idempotency.h"
#include "common/db/pool.h"
#include "crm/documents/v1/documents.pb.h"
#include "services/documents/render/document_pdf.h"

// Issuers' text blocks per kind of document (domain/text_blocks.h): versions written by admins,
// previewed on a sample document, activated one at a time, and applied to every document issued
// while active.
namespace crm::documents::app {

// A new draft version of the issuer's `document.type()` with `document.statement()` (already
// checked), once per idempotency key; NotFoundError when the issuer does not exist.
v1::DocumentTemplate CreateDocumentTemplate(common::db::Pool& pool,
                                            const common::api::IdempotencyKey& key,
                                            const std::string& issuer_id,
                                            const v1::DocumentTemplate& document,
                                            const std::string& created_by);

// A sample document of the version's kind with the issuer's requisites and the version's text,
// as a PDF; NotFoundError naming `name` when there is no such version.
std::string PreviewDocumentTemplate(common::db::Pool& pool, const std::string& issuer_id,
                                    const std::string& template_id, const std::string& name);

// Makes the version active (the previous active one retired) when `etag` is current; activating
// the active version changes nothing.
v1::DocumentTemplate ActivateDocumentTemplate(common::db::Pool& pool, const std::string& issuer_id,
                                              const std::string& template_id,
                                              const std::string& name, const std::string& etag,
                                              const std::string& activated_by);

// Puts the active version's text of the issuer's kind into `view.statement`; returns the
// version's id, or '' when none is active (the built-in text stays).
std::string ApplyActiveTemplate(pqxx::transaction_base& tx, const std::string& issuer_id,
                                const std::string& doc_type, DocumentView& view);

}  // namespace crm::documents::app
