#pragma once

#include "common/bus/topic.h"
#include "crm/events/v1/documents_document_events.pb.h"

// Every event documents publishes: its subject and payload (docs/events.md describes each).
namespace crm::events::v1 {

inline constexpr common::bus::Topic<DocumentIssued> kDocumentIssued{
    "crm.documents.document.issued"};
inline constexpr common::bus::Topic<DocumentAnnulled> kDocumentAnnulled{
    "crm.documents.document.annulled"};
inline constexpr common::bus::Topic<DocumentSent> kDocumentSent{"crm.documents.document.sent"};
inline constexpr common::bus::Topic<DocumentSigned> kDocumentSigned{
    "crm.documents.document.signed"};
inline constexpr common::bus::Topic<AdvanceRefunded> kDocumentAdvanceRefunded{
    "crm.documents.document.advance_refunded"};

// The list of the topics above, for the AsyncAPI document (tools/asyncapi).
inline constexpr common::bus::TopicInfo kDocumentsTopics[] = {
    InfoOf(kDocumentIssued), InfoOf(kDocumentAnnulled), InfoOf(kDocumentSent),
    InfoOf(kDocumentSigned), InfoOf(kDocumentAdvanceRefunded)};

}  // namespace crm::events::v1
