#pragma once

#include <pqxx/pqxx>

#include "common/bus/consumer.h"
#include "crm/events/v1/registry_topics.h"

// crm.registry.client.merged / client.merge_undone in planning: contacts, sales and the other
// client-bound rows of each merged client are re-pointed to the survivor, and each move is
// remembered with the merge, so that undoing the merge moves exactly those rows back (rows
// created for the survivor after the merge stay). Redelivery changes nothing: a repeated merge
// finds nothing left on the merged clients, a repeated undo finds the merge undone, and a merge
// delivered after its undo is ignored.
namespace crm::planning::projection {

void OnClientMerged(pqxx::work& tx, const crm::events::v1::ClientMerged& merged,
                    const common::bus::InboundEvent& meta);
void OnClientMergeUndone(pqxx::work& tx, const crm::events::v1::ClientMergeUndone& undone,
                         const common::bus::InboundEvent& meta);

}  // namespace crm::planning::projection
