#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/registry_edition_events.pb.h"

// Accounting's copy of registry's editions (store/edition_store.h), from edition.created and
// edition.updated: a newer event (by ce-time) wins, an older one changes nothing.
namespace crm::accounting::app {

// An event that names no edition is a common::bus::PoisonEvent (dead-lettered at once).
void RecordEdition(pqxx::work& tx, const crm::events::v1::EditionCreated& created,
                   const std::optional<std::string>& event_time);
void RecordEdition(pqxx::work& tx, const crm::events::v1::EditionUpdated& updated,
                   const std::optional<std::string>& event_time);

}  // namespace crm::accounting::app
