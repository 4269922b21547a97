#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/planning_store.h"

// The calendar side of a contact being planned, by PlanContact or as a reschedule's follow-up:
// its task attributes, its reminders and the contact.planned event.
namespace crm::planning::app {

// The client and contact person of a new task as planning's projection has them now (either
// absent when planning does not know it), where the task's channel defaults come from.
struct TaskParties {
  std::optional<crm::events::v1::ClientSnapshot> client;
  std::optional<store::ContactPersonRow> contact_person;
};

// The parties of `in`, read in `tx`.
TaskParties FindTaskParties(pqxx::transaction_base& tx, const domain::PlanInput& in);

// The calendar attributes of a new task: the request's, with the coordinates it leaves empty
// taken from the contact person (or the client) and the client's legal address, as `parties`
// has them.
domain::TaskAttributes NewTask(const domain::PlanInput& in, const TaskParties& parties);

// The attributes a follow-up task continues from `contact`.
domain::TaskAttributes ContinuedTask(const v1::Contact& contact);

// Plans the reminders of a task just inserted.
void PlanTaskReminders(pqxx::transaction_base& tx, const store::ContactRow& row,
                       const domain::TaskAttributes& task, const google::protobuf::Timestamp& now);

// Enqueues crm.planning.contact.planned for a contact just inserted.
void EnqueueContactPlanned(pqxx::transaction_base& tx, const v1::Contact& contact);

// Inserts the planned task `in` (NewTask's attributes with `parties`, as read in `tx`), plans its
// reminders and enqueues contact.planned; returns it as stored.
store::ContactRow InsertPlannedTask(pqxx::transaction_base& tx, const domain::PlanInput& in,
                                    const TaskParties& parties,
                                    const google::protobuf::Timestamp& now);

// Cancels the planned task `id` (locked by the caller): its pending reminders go, and
// crm.planning.contact.cancelled is enqueued. Returns the task as cancelled.
v1::Contact CancelPlannedTask(pqxx::transaction_base& tx, const std::string& id,
                              const google::protobuf::Timestamp& now, const std::string& reason);

}  // namespace crm::planning::app
