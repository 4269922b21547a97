#include "services/planning/app/reassign_contacts.h"

#include "common/bus/outbox.h"
#include "common/db/params.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"

namespace crm::planning::app {
namespace {

// Announces the moved tasks, and the redirects whose tasks moved take the new owners as their
// responsible people.
void EnqueueContactsReassigned(pqxx::transaction_base& tx, const std::string& from_owner_id,
                               const std::vector<store::Reassigned>& moved,
                               const std::optional<std::string>& time) {
  std::vector<std::string> ids;
  ids.reserve(moved.size());
  for (const store::Reassigned& m : moved) {
    const crm::events::v1::ContactReassigned event = ContactReassignedEvent(
        m.contact_id, m.client_id, from_owner_id, m.new_owner_id, m.scheduled_time);
    common::bus::EnqueueEvent(tx, crm::events::v1::kContactReassigned, event.contact(), event);
    ids.push_back(m.contact_id);
  }
  FollowTaskOwners(tx, ids, time);
}

}  // namespace

int64_t ReassignPlannedContacts(pqxx::transaction_base& tx, const std::string& from_owner_id,
                                const std::vector<std::string>& to_owner_ids,
                                const google::protobuf::Timestamp& now) {
  const auto moved = store::ReassignPlanned(tx, from_owner_id, to_owner_ids, now);
  EnqueueContactsReassigned(tx, from_owner_id, moved, common::db::TimeParam(now));
  return static_cast<int64_t>(moved.size());
}

void FollowCuratorReassignment(pqxx::transaction_base& tx, const std::string& from_employee_id,
                               const std::vector<store::CuratorTermRow>& terms,
                               const std::optional<std::string>& event_time) {
  for (const store::CuratorTermRow& term : terms) {
    store::ApplyCuratorTerm(tx, term);
  }
  if (terms.empty()) {
    return;
  }
  EnqueueContactsReassigned(
      tx, from_employee_id,
      store::ReassignPlannedToCurators(tx, from_employee_id, terms, event_time), event_time);
}

}  // namespace crm::planning::app
