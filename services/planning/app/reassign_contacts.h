#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/planning/store/org_store.h"

// Planned tasks passing to other managers, each announced with crm.planning.contact.reassigned
// (their pending reminders go with them): a head of sales handing a manager's tasks over
// (ReassignContacts), and registry's curators reassigned, after which the departed employee's
// tasks follow their clients to the new curators.
namespace crm::planning::app {

// Every planned task of `from_owner_id` to `to_owner_ids` in turn by start time (the caller has
// checked the caller may); returns how many moved.
int64_t ReassignPlannedContacts(pqxx::transaction_base& tx, const std::string& from_owner_id,
                                const std::vector<std::string>& to_owner_ids,
                                const google::protobuf::Timestamp& now);

// crm.registry.curators.reassigned: `terms` (the successors' new terms) become current, and the
// planned tasks `from_employee_id` (who left) had with those clients pass to the new curators
// (store::ReassignPlannedToCurators says which task goes to whom). `event_time` is the event's
// ce-time (RFC 3339), nullopt when it has none.
void FollowCuratorReassignment(pqxx::transaction_base& tx, const std::string& from_employee_id,
                               const std::vector<store::CuratorTermRow>& terms,
                               const std::optional<std::string>& event_time);

}  // namespace crm::planning::app
