#pragma once

#include <string>

#include "crm/events/v1/registry_import_events.pb.h"
#include "crm/registry/v1/import.pb.h"

// What the registry's import area emits (docs/events.md).
namespace crm::registry {

inline constexpr char kClientImportCompletedSubject[] = "crm.registry.import.completed";

events::v1::ClientImportCompleted ClientImportCompletedEvent(const v1::ClientImport& import,
                                                             const std::string& run_by);

}  // namespace crm::registry
