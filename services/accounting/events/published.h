#pragma once

#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/store/export_store.h"

// Everything accounting emits: the topic is declared in crm/events/v1/accounting_topics.h
// (subject + payload type, docs/events.md). What it consumes is in events/handlers.h.
namespace crm::accounting {

// The 1C package `record` written for `document` ("documents/{document}").
crm::events::v1::ExportCompleted ExportCompletedEvent(const ExportRecord& record,
                                                      const std::string& document);

}  // namespace crm::accounting
