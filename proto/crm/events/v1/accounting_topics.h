#pragma once

#include "common/bus/topic.h"
#include "crm/events/v1/accounting_export_events.pb.h"

// Every event accounting publishes: its subject and payload (docs/events.md describes each).
namespace crm::events::v1 {

inline constexpr common::bus::Topic<ExportCompleted> kExportCompleted{
    "crm.accounting.export.completed"};

// The list of the topics above, for the AsyncAPI document (tools/asyncapi).
inline constexpr common::bus::TopicInfo kAccountingTopics[] = {InfoOf(kExportCompleted)};

}  // namespace crm::events::v1
