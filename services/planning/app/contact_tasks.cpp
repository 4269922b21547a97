#include "services/planning/app/contact_tasks.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"

namespace crm::planning::app {
namespace {

void FillChannelDefaults(const TaskParties& parties, v1::ContactChannel* channel) {
  const auto& client = parties.client;
  const auto& person = parties.contact_person;
  if (channel->phone().empty()) {
    channel->set_phone(person && !person->snapshot.phone().empty() ? person->snapshot.phone()
                       : client                                    ? client->phone()
                                                                   : "");
  }
  if (channel->email().empty()) {
    channel->set_email(person && !person->snapshot.email().empty() ? person->snapshot.email()
                       : client                                    ? client->email()
                                                                   : "");
  }
  if (channel->address().empty() && client) {
    channel->set_address(client->legal_address());
  }
}
}  // namespace

TaskParties FindTaskParties(pqxx::transaction_base& tx, const domain::PlanInput& in) {
  TaskParties parties;
  parties.client = store::FindClient(tx, in.client_id);
  if (in.contact_person_id) {
    parties.contact_person = store::FindContactPerson(tx, *in.contact_person_id);
  }
  return parties;
}

domain::TaskAttributes NewTask(const domain::PlanInput& in, const TaskParties& parties) {
  domain::TaskAttributes task = in.task;
  FillChannelDefaults(parties, &task.channel);
  return task;
}

domain::TaskAttributes ContinuedTask(const v1::Contact& contact) {
  domain::TaskAttributes task;
  task.purpose_kind = contact.purpose_kind();
  task.duration_seconds = contact.duration().seconds();
  task.channel = contact.channel();
  for (v1::TaskReminder reminder : contact.reminders()) {
    reminder.clear_fire_time();
    task.reminders.push_back(std::move(reminder));
  }
  return task;
}

void PlanTaskReminders(pqxx::transaction_base& tx, const store::ContactRow& row,
                       const domain::TaskAttributes& task, const google::protobuf::Timestamp& now) {
  store::ReplanReminders(tx, row.id, row.owner_id,
                         domain::DueTimes(task.reminders, row.contact.scheduled_time(), now,
                                          /*catch_up=*/true));
}
void EnqueueContactPlanned(pqxx::transaction_base& tx, const v1::Contact& contact) {
  common::bus::EnqueueEvent(tx, crm::events::v1::kContactPlanned, contact.name(),
                            ContactPlannedEvent(contact));
}

store::ContactRow InsertPlannedTask(pqxx::transaction_base& tx, const domain::PlanInput& in,
                                    const TaskParties& parties,
                                    const google::protobuf::Timestamp& now) {
  store::NewContact contact;
  contact.id = common::NewUuid();
  contact.client_id = in.client_id;
  contact.contact_person_id = in.contact_person_id;
  contact.project_id = in.project_id;
  contact.edition_id = in.edition_id;
  contact.type = in.type;
  contact.purpose = in.purpose;
  contact.scheduled_time = in.scheduled_time;
  contact.owner_id = in.owner_id;
  contact.create_time = now;
  contact.task = NewTask(in, parties);
  store::ContactRow inserted = store::InsertContact(tx, contact);
  PlanTaskReminders(tx, inserted, in.task, now);
  EnqueueContactPlanned(tx, inserted.contact);
  return inserted;
}

v1::Contact CancelPlannedTask(pqxx::transaction_base& tx, const std::string& id,
                              const google::protobuf::Timestamp& now, const std::string& reason) {
  auto cancelled = store::CancelContact(tx, id, now, reason);
  if (!cancelled) {
    throw std::logic_error("a locked planned task could not be cancelled");
  }
  store::DropPendingReminders(tx, id);
  common::bus::EnqueueEvent(tx, crm::events::v1::kContactCancelled, cancelled->contact.name(),
                            ContactCancelledEvent(cancelled->contact, now, reason));
  return cancelled->contact;
}

}  // namespace crm::planning::app
