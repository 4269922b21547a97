#include "services/planning/app/reassign_contacts.h"

#include "common/bus/outbox.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"

namespace crm::planning::app {
namespace {

void EnqueueContactsReassigned(pqxx::transaction_base& tx, const std::string& from_owner_id,
                               const std::vector<store::Reassigned>& moved) {
  for (const store::Reassigned& m : moved) {
    const crm::events::v1::ContactReassigned event = ContactReassignedEvent(
        m.contact_id, m.client_id, from_owner_id, m.new_owner_id, m.scheduled_time);
    common::bus::EnqueueEvent(tx, crm::events::v1::kContactReassigned, event.contact(), event);
  }
}

}  // namespace

int64_t ReassignPlannedContacts(pqxx::transaction_base& tx, const std::string& from_owner_id,
                                const std::vector<std::string>& to_owner_ids,
                                const google::protobuf::Timestamp& now) {
  const auto moved = store::ReassignPlanned(tx, from_owner_id, to_owner_ids, now);
  EnqueueContactsReassigned(tx, from_owner_id, moved);
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
      store::ReassignPlannedToCurators(tx, from_employee_id, terms, event_time));
}

}  // namespace crm::planning::app
