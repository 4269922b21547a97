#pragma once

#include <string>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"

// Everything documents emits: the topics are declared in crm/events/v1/documents_topics.h
// (subject + payload type, docs/events.md). DocumentIssued is the invoice's own content as
// domain/invoice.h composes it (DocumentDraft::issued); DocumentAnnulled, DocumentSent and
// DocumentSigned are built here. What documents consumes is in events/handlers.h.
namespace crm::documents {

// The document `document` ("documents/{id}") of `type` and `number`, annulled because its sale
// was cancelled: the cancellation's reason, who cancelled and when.
events::v1::DocumentAnnulled DocumentAnnulledEvent(const std::string& document,
                                                   const std::string& type,
                                                   const std::string& number,
                                                   const events::v1::SaleCancelled& cancelled);

// `document` as it is once marked sent (its `sent` set).
events::v1::DocumentSent DocumentSentEvent(const v1::Document& document);

// `document` as it is once marked signed (its `signed` set).
events::v1::DocumentSigned DocumentSignedEvent(const v1::Document& document);

}  // namespace crm::documents
