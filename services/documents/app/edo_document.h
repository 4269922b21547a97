#pragma once

#include <string>

#include "common/auth/access.h"
#include "common/db/pool.h"
#include "services/documents/domain/edo_xml.h"

// A document's electronic twin for an EDO operator or 1C: the tax service's XML exchange file
// (domain/edo_xml.h, docs/edo-xml.md), made on request from the document as issued.
namespace crm::documents::app {

// The EDO file of document `id` for the buyer's participant id `recipient_id` (valid, checked by
// the caller), formed now. NOT_FOUND for an unknown document; PERMISSION_DENIED unless `caller`
// may see it; FAILED_PRECONDITION for a kind without an EDO twin (domain EdoKinds), while the
// issuer has no edo_participant_id, or when the document lacks what the format requires.
EdoFile EdoDocumentFile(common::db::Pool& pool, const common::auth::Principal& caller,
                        const std::string& id, const std::string& recipient_id);

}  // namespace crm::documents::app
