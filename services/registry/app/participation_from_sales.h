#pragma once

#include <pqxx/pqxx>
#include <string>

#include "services/registry/store/exhibition_store.h"

// Use case: a sale recorded, amended or cancelled in planning keeps the client's participation in
// the edition current (domain/sale_participation.h), in the consumer's transaction, publishing
// participation.recorded / updated / deleted through the outbox.
namespace crm::registry {

// `sale.client_id` may name a client merged since: the participation goes to the survivor.
// `event_time` (RFC 3339) orders the events of one sale; an older one changes nothing. Throws
// common::bus::PoisonEvent for a client or edition registry does not know.
void ApplySaleToParticipation(pqxx::work& tx, SaleOfClient sale, const std::string& event_time,
                              int sale_year);

}  // namespace crm::registry
