#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/registry_topics.h"

// Everything planning consumes; what it emits is in events/published.h. Planning keeps a local
// copy of the registry data it needs (clients, contact persons, editions with their prices,
// employees and their departments, curators), fed only by registry's events: planning never calls
// registry, so it keeps working when registry is down and a sale records the requisites as
// planning knew them.
namespace crm::planning::projection {

// Durable consumer "planning-registry" on "crm.registry.>".
common::bus::ConsumerOptions RegistryConsumerOptions();

// Handlers of crm.registry.client.created / client.updated / contact_person.created /
// edition.created / employee.created / employee.updated (the department unit) /
// department.created / updated / deleted / curator.assigned / curator.ended /
// curators.reassigned, each an upsert (ON CONFLICT DO UPDATE), so replaying the stream to rebuild
// the projection converges to the same rows; and of client.merged / client.merge_undone
// (app/follow_client_merge.h). A payload that breaks the contract (a malformed resource name, a
// negative price) throws PoisonEvent and goes to the dead-letter stream.
common::bus::EventRouter RegistryProjectionRouter();

// Every consumer of planning (the one above), for ServiceHost::AddConsumers.
std::vector<common::bus::Subscription> Subscriptions();

}  // namespace crm::planning::projection
