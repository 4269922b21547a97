#pragma once

#include <pqxx/pqxx>
#include <string>

#include "services/planning/store/planning_store.h"

// What registry's state of the records a write names allows. Planning's copies carry registry's
// deletions of clients and contact persons and the status of editions: what exists stays
// visible and can be completed, but nothing new is made for a deleted client or with a deleted
// person, and a closed or cancelled edition takes no new sales. Each check throws
// common::PreconditionError (FAILED_PRECONDITION) whose google.rpc.PreconditionFailure names the
// record.
namespace crm::planning::app {

// CLIENT_DELETED: new tasks, redirects and sales for the client are refused.
void RequireClientNotDeleted(pqxx::transaction_base& tx, const std::string& client_id);

// CONTACT_PERSON_DELETED: a deleted person is named on no new task.
void RequireContactPersonNotDeleted(const store::ContactPersonRow& person);

// EDITION_CLOSED: the edition is closed or cancelled (domain::EditionAcceptsSales). An edition
// planning does not know is the caller's to report.
void RequireEditionAcceptsSales(pqxx::transaction_base& tx, const std::string& edition_id,
                                const std::string& edition_name);

}  // namespace crm::planning::app
