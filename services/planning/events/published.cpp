#include "services/planning/events/published.h"

#include "common/core/ids.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Principal;
using google::protobuf::Timestamp;

ev::EmployeeSnapshot ManagerSnapshot(pqxx::transaction_base& tx, const std::string& manager_id,
                                     const Principal& caller) {
  if (auto known = store::FindEmployee(tx, manager_id)) {
    return *known;
  }
  ev::EmployeeSnapshot snapshot;
  snapshot.set_employee(common::ResourceName("employees", manager_id));
  if (common::auth::EmployeeIdOf(caller.subject) == manager_id) {
    snapshot.set_full_name(caller.name);
  }
  return snapshot;
}

}  // namespace

ev::ContactPlanned ContactPlannedEvent(const v1::Contact& c) {
  ev::ContactPlanned e;
  e.set_contact(c.name());
  e.set_client(c.client());
  e.set_contact_person(c.contact_person());
  e.set_edition(c.edition());
  e.set_type(c.type());
  e.set_purpose(c.purpose());
  *e.mutable_scheduled_time() = c.scheduled_time();
  e.set_owner(c.owner());
  e.set_rescheduled_from(c.rescheduled_from());
  e.set_purpose_kind(c.purpose_kind());
  return e;
}

ev::ContactCompleted ContactCompletedEvent(const v1::Contact& c, domain::ResultKind kind) {
  ev::ContactCompleted e;
  e.set_contact(c.name());
  e.set_client(c.client());
  e.set_edition(c.edition());
  e.set_owner(c.owner());
  e.set_type(c.type());
  *e.mutable_scheduled_time() = c.scheduled_time();
  *e.mutable_complete_time() = c.complete_time();
  *e.mutable_result() = c.result();
  e.set_result_kind(std::string(domain::ResultKindName(kind)));
  e.set_positive(domain::IsPositive(kind));
  return e;
}

ev::ContactRescheduled ContactRescheduledEvent(const v1::Contact& contact, const v1::Contact& next,
                                               const std::string& reason) {
  ev::ContactRescheduled e;
  e.set_contact(contact.name());
  e.set_next_contact(next.name());
  *e.mutable_new_time() = next.scheduled_time();
  e.set_reason(reason);
  e.set_owner(contact.owner());
  return e;
}

ev::ContactUpdated ContactUpdatedEvent(const v1::Contact& contact,
                                       const std::vector<std::string>& changed_fields) {
  ev::ContactUpdated e;
  *e.mutable_contact() = contact;
  for (const auto& path : changed_fields) {
    e.add_changed_fields(path);
  }
  return e;
}

ev::ContactCancelled ContactCancelledEvent(const v1::Contact& contact, const Timestamp& cancel_time,
                                           const std::string& reason) {
  ev::ContactCancelled e;
  e.set_contact(contact.name());
  e.set_client(contact.client());
  e.set_owner(contact.owner());
  *e.mutable_scheduled_time() = contact.scheduled_time();
  *e.mutable_cancel_time() = cancel_time;
  e.set_reason(reason);
  return e;
}

ev::ContactReassigned ContactReassignedEvent(const std::string& contact_id,
                                             const std::string& client_id,
                                             const std::string& previous_owner_id,
                                             const std::string& new_owner_id,
                                             const Timestamp& scheduled_time) {
  ev::ContactReassigned e;
  e.set_contact(common::ResourceName("contacts", contact_id));
  e.set_client(common::ResourceName("clients", client_id));
  e.set_previous_owner(common::ResourceName("employees", previous_owner_id));
  e.set_new_owner(common::ResourceName("employees", new_owner_id));
  *e.mutable_scheduled_time() = scheduled_time;
  return e;
}

ev::TaskReminderDue TaskReminderDueEvent(const v1::ReminderNotice& n) {
  ev::TaskReminderDue e;
  const v1::Contact& task = n.task();
  e.set_sequence(n.sequence());
  e.set_contact(task.name());
  e.set_client(task.client());
  e.set_client_display_name(n.client_display_name());
  e.set_owner(task.owner());
  e.set_type(task.type());
  e.set_purpose_kind(task.purpose_kind());
  e.set_purpose(task.purpose());
  *e.mutable_scheduled_time() = task.scheduled_time();
  *e.mutable_fire_time() = n.fire_time();
  *e.mutable_dispatch_time() = n.dispatch_time();
  e.set_time_zone(n.time_zone());
  e.set_local_start_time(n.local_start_time());
  return e;
}

ev::SaleRecorded SaleRecordedEvent(pqxx::transaction_base& tx, const store::SaleRow& row,
                                   const Principal& caller) {
  const v1::Sale& s = row.sale;
  ev::SaleRecorded e;
  e.set_sale(s.name());
  e.set_contact(s.contact());
  *e.mutable_sale_time() = s.sale_time();
  *e.mutable_manager() = ManagerSnapshot(tx, row.manager_id, caller);
  if (auto client = store::FindClient(tx, row.client_id)) {
    *e.mutable_client() = *client;
  }
  if (auto contact = store::FindContact(tx, row.contact_id);
      contact && !contact->contact_person_id.empty()) {
    if (auto person = store::FindContactPerson(tx, contact->contact_person_id)) {
      *e.mutable_contact_person() = person->snapshot;
    }
  }
  if (auto edition = store::FindEdition(tx, row.edition_id)) {
    *e.mutable_edition() = edition->snapshot;
  }
  e.set_area_dm2(s.area_dm2());
  e.set_stand_number(s.stand_number());
  *e.mutable_price_per_m2() = s.price_per_m2();
  *e.mutable_net_amount() = s.net_amount();
  e.set_vat_rate_bp(s.vat_rate_bp());
  *e.mutable_vat_amount() = s.vat_amount();
  *e.mutable_total_amount() = s.total_amount();
  e.set_stand_type(s.stand_type());
  *e.mutable_list_price_per_m2() = s.list_price_per_m2();
  e.set_price_override_reason(s.price_override_reason());
  *e.mutable_service_lines() = s.service_lines();
  if (s.has_discount()) {
    *e.mutable_discount() = s.discount();
  }
  *e.mutable_space_amount() = s.space_amount();
  *e.mutable_services_amount() = s.services_amount();
  *e.mutable_discount_amount() = s.discount_amount();
  e.set_state(s.state() == v1::SALE_STATE_CANCELLED ? "CANCELLED" : "ACTIVE");
  return e;
}

ev::SaleAmended SaleAmendedEvent(pqxx::transaction_base& tx, const store::SaleRow& before,
                                 const store::SaleRow& after,
                                 const std::vector<std::string>& changed_fields,
                                 const Principal& caller, const Timestamp& amend_time,
                                 const std::string& reason) {
  ev::SaleAmended e;
  *e.mutable_sale() = SaleRecordedEvent(tx, after, caller);
  *e.mutable_previous() = SaleRecordedEvent(tx, before, caller);
  for (const auto& field : changed_fields) {
    e.add_changed_fields(field);
  }
  e.set_amended_by(caller.subject);
  *e.mutable_amend_time() = amend_time;
  e.set_reason(reason);
  return e;
}

ev::SaleCancelled SaleCancelledEvent(pqxx::transaction_base& tx, const store::SaleRow& cancelled,
                                     const Principal& caller, const Timestamp& cancel_time,
                                     const std::string& reason) {
  ev::SaleCancelled e;
  *e.mutable_sale() = SaleRecordedEvent(tx, cancelled, caller);
  e.set_reason(reason);
  e.set_cancelled_by(caller.subject);
  *e.mutable_cancel_time() = cancel_time;
  return e;
}

ev::RedirectCreated RedirectCreatedEvent(const v1::Redirect& redirect) {
  ev::RedirectCreated e;
  *e.mutable_redirect() = redirect;
  return e;
}

ev::RedirectStatusChanged RedirectStatusChangedEvent(const v1::Redirect& redirect,
                                                     v1::RedirectStatus previous_status,
                                                     const std::string& changed_by) {
  ev::RedirectStatusChanged e;
  *e.mutable_redirect() = redirect;
  e.set_previous_status(previous_status);
  e.set_changed_by(changed_by);
  return e;
}

ev::RedirectCompleted RedirectCompletedEvent(const v1::Redirect& redirect) {
  ev::RedirectCompleted e;
  *e.mutable_redirect() = redirect;
  e.set_sender(redirect.from_employee());
  e.set_responsible(redirect.responsible());
  e.set_task(redirect.task());
  *e.mutable_result() = redirect.result();
  return e;
}

ev::ReadinessChanged ReadinessChangedEvent(const v1::Readiness& readiness,
                                           v1::ReadinessLevel previous_level) {
  ev::ReadinessChanged e;
  *e.mutable_readiness() = readiness;
  e.set_previous_level(previous_level);
  return e;
}

ev::LeadSourceSet LeadSourceSetEvent(const v1::LeadSource& lead_source) {
  ev::LeadSourceSet e;
  *e.mutable_lead_source() = lead_source;
  return e;
}

ev::RatingRecorded RatingRecordedEvent(const v1::Rating& rating) {
  ev::RatingRecorded e;
  *e.mutable_rating() = rating;
  return e;
}

// --- stands ----------------------------------------------------------------------------------

events::v1::StandSnapshot StandSnapshotOf(const store::StandRow& stand) {
  events::v1::StandSnapshot snapshot;
  snapshot.set_stand(stand.stand.name());
  snapshot.set_edition("projects/" + stand.project_id + "/editions/" + stand.edition_id);
  snapshot.set_number(stand.stand.number());
  snapshot.set_hall(stand.stand.hall());
  snapshot.set_stand_type(stand.stand.stand_type());
  snapshot.set_area_dm2(stand.stand.area_dm2());
  *snapshot.mutable_list_price_per_m2() = stand.stand.list_price_per_m2();
  return snapshot;
}

events::v1::StandHeld StandHeldEvent(const store::StandRow& held) {
  events::v1::StandHeld event;
  *event.mutable_stand() = StandSnapshotOf(held);
  event.set_client(held.stand.hold().client());
  event.set_held_by(held.stand.hold().held_by());
  *event.mutable_expire_time() = held.stand.hold().expire_time();
  return event;
}

events::v1::StandSold StandSoldEvent(const store::StandRow& stand, const store::SaleRow& sale) {
  events::v1::StandSold event;
  *event.mutable_stand() = StandSnapshotOf(stand);
  event.set_sale(sale.sale.name());
  event.set_client(sale.sale.client());
  event.set_manager(sale.sale.manager());
  return event;
}

events::v1::StandReleased StandReleasedEvent(const store::StandRow& stand,
                                             const std::string& reason,
                                             const std::string& client_id,
                                             const std::string& sale_id,
                                             const std::string& released_by) {
  events::v1::StandReleased event;
  *event.mutable_stand() = StandSnapshotOf(stand);
  event.set_reason(reason);
  if (!client_id.empty()) {
    event.set_client(common::ResourceName("clients", client_id));
  }
  if (!sale_id.empty()) {
    event.set_sale(common::ResourceName("sales", sale_id));
  }
  event.set_released_by(released_by);
  return event;
}

}  // namespace crm::planning
