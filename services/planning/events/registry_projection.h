#pragma once

#include "common/bus/consumer.h"

// Planning's local copy of the registry data it needs (clients, contact persons, editions with
// their prices, employees), fed only by registry events: planning never calls registry, so it
// keeps working when registry is down and a sale records the requisites as planning knew them.
namespace crm::planning::projection {

// Durable consumer "planning-registry" on "crm.registry.>".
common::bus::ConsumerOptions RegistryConsumerOptions();

// Handlers of crm.registry.client.created / client.updated / contact_person.created /
// edition.created / employee.created / employee.updated (the department unit) /
// department.created / updated / deleted / curator.assigned / curator.ended /
// curators.reassigned. Each upserts (ON CONFLICT DO UPDATE), so replaying the
// stream to rebuild the projection converges to the same rows. A payload that breaks the
// contract (a malformed resource name, a negative price) throws PoisonEvent and goes to the
// dead-letter stream.
common::bus::EventRouter RegistryProjectionRouter();

}  // namespace crm::planning::projection
