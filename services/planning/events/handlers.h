#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/registry_topics.h"

// Everything planning consumes; what it emits is in events/published.h. Planning keeps a local
// copy of the registry data it needs (clients, contact persons, editions with their prices,
// employees and their departments, curators), fed only by registry's events: planning never calls
// registry, so it keeps working when registry is down and a sale records the requisites as
// planning knew them.
namespace crm::planning::projection {

// Durable consumer "planning-registry" on "crm.registry.>".
common::bus::ConsumerOptions RegistryConsumerOptions();

// Handlers of crm.registry.client.created / updated / restored / deleted / undeleted,
// contact_person.created / updated / deleted / undeleted, project.updated (the project's name
// beside its editions), edition.created / updated (with the status and the stand price list),
// employee.created / employee.updated (the department unit), department.created / updated /
// deleted, curator.assigned / curator.ended, each an upsert (ON CONFLICT DO UPDATE) in which a
// newer ce-time wins, so replaying the stream to rebuild the projection converges to the same
// rows; of curators.reassigned (the new terms, and the departed employee's planned tasks of those
// clients pass to the new curators: app/reassign_contacts.h); and of client.merged /
// client.merge_undone (app/follow_client_merge.h). A payload that breaks the contract (a
// malformed resource name, a negative price, an unknown edition status or stand type) throws
// PoisonEvent and goes to the dead-letter stream.
common::bus::EventRouter RegistryProjectionRouter();

// Durable consumer "planning-accounting" on "crm.accounting.invoice.overdue".
common::bus::ConsumerOptions AccountingConsumerOptions();

// Handler of crm.accounting.invoice.overdue: the sale's manager gets a payment-reminder call in
// their calendar (app/payment_reminder.h); a sale planning does not know or one cancelled since
// gets none. An event without the invoice's number or a positive outstanding amount is poison.
common::bus::EventRouter AccountingRouter();

// Every consumer of planning (the two above), for ServiceHost::AddConsumers.
std::vector<common::bus::Subscription> Subscriptions();

}  // namespace crm::planning::projection
