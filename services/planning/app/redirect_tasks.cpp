#include "services/planning/app/redirect_tasks.h"

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/planning/app/contact_tasks.h"
#include "services/planning/domain/redirect_rules.h"
#include "services/planning/events/published.h"

namespace crm::planning::app {
namespace {

namespace ev = crm::events::v1;
using google::protobuf::Timestamp;

bool RedirectIsOpen(v1::RedirectStatus status) {
  return status == v1::REDIRECT_STATUS_OPEN || status == v1::REDIRECT_STATUS_IN_PROGRESS;
}

// Writes `work` and enqueues redirect.status_changed when the status moved.
store::RedirectRow WriteRedirectWork(pqxx::transaction_base& tx, const store::RedirectRow& before,
                                     const store::RedirectWork& work, const std::string& changed_by,
                                     const Timestamp& now) {
  store::RedirectRow after = store::UpdateRedirectWork(tx, before.id, work, now);
  if (after.redirect.status() != before.redirect.status()) {
    common::bus::EnqueueEvent(
        tx, ev::kRedirectStatusChanged, after.redirect.name(),
        RedirectStatusChangedEvent(after.redirect, before.redirect.status(), changed_by));
  }
  return after;
}

}  // namespace

store::ContactRow PlanRedirectTask(pqxx::transaction_base& tx, const RedirectTaskInput& in,
                                   const Timestamp& now) {
  const domain::RedirectTaskPlan plan = domain::PlanRedirectTask(in.deadline, now);
  domain::PlanInput task;
  task.client_id = in.client_id;
  // The exhibition the client asked about, when they asked during a contact: then the task can
  // end in a sale.
  if (in.contact_id) {
    if (auto source = store::FindContact(tx, *in.contact_id)) {
      task.project_id = source->project_id;
      task.edition_id = source->edition_id;
    }
  }
  task.type = v1::CONTACT_TYPE_OTHER;
  task.purpose = in.goal;
  task.scheduled_time = plan.start;
  task.owner_id = in.owner_id;
  task.task.purpose_kind = v1::CONTACT_PURPOSE_OTHER;
  task.task.duration_seconds = plan.duration_seconds;
  task.task.reminders = {plan.reminder};
  return InsertPlannedTask(tx, task, FindTaskParties(tx, task), now);
}

void LockRedirectTask(pqxx::transaction_base& tx, const std::string& redirect_id,
                      const Timestamp& now) {
  if (auto redirect = store::FindRedirect(tx, redirect_id, now); redirect && redirect->task_id) {
    store::FindContactForUpdate(tx, *redirect->task_id);
  }
}

void CloseRedirectTask(pqxx::transaction_base& tx, const store::RedirectRow& redirect,
                       const std::string& reason, const Timestamp& now) {
  if (!redirect.task_id) {
    return;
  }
  auto task = store::FindContactForUpdate(tx, *redirect.task_id);
  if (task && task->contact.state() == v1::CONTACT_STATE_PLANNED) {
    CancelPlannedTask(tx, task->id, now, reason);
  }
}

void FollowCompletedTask(pqxx::transaction_base& tx, const v1::Contact& completed,
                         domain::ResultKind kind, const std::optional<v1::Contact>& next,
                         const std::string& changed_by, const Timestamp& now) {
  const std::string task_id = common::ParseResourceId(completed.name(), "contacts").value_or("");
  auto redirect = store::FindRedirectByTaskForUpdate(tx, task_id, now);
  if (!redirect || !RedirectIsOpen(redirect->redirect.status())) {
    return;
  }
  store::RedirectWork work = store::RedirectWorkOf(*redirect);
  if (kind == domain::ResultKind::kReschedule && next) {
    // The conversation goes on at the new time: the follow-up is the redirect's task.
    work.task_id = common::ParseResourceId(next->name(), "contacts");
    store::UpdateRedirectWork(tx, redirect->id, work, now);
    return;
  }
  work.status = v1::REDIRECT_STATUS_DONE;
  work.status_comment = "";
  work.result = completed.result();
  const store::RedirectRow done = WriteRedirectWork(tx, *redirect, work, changed_by, now);
  common::bus::EnqueueEvent(tx, ev::kRedirectCompleted, done.redirect.name(),
                            RedirectCompletedEvent(done.redirect));
}

void ReleaseRedirectTask(pqxx::transaction_base& tx, const std::string& task_id,
                         const std::string& changed_by, const Timestamp& now) {
  auto redirect = store::FindRedirectByTaskForUpdate(tx, task_id, now);
  if (!redirect || !RedirectIsOpen(redirect->redirect.status())) {
    return;
  }
  store::RedirectWork work = store::RedirectWorkOf(*redirect);
  work.task_id.reset();
  work.status = v1::REDIRECT_STATUS_OPEN;
  if (!redirect->parties.to_department_id.empty()) {
    work.responsible_id.reset();  // back in the department's queue
  }
  WriteRedirectWork(tx, *redirect, work, changed_by, now);
}

void FollowTaskOwners(pqxx::transaction_base& tx, const std::vector<std::string>& task_ids,
                      const std::optional<std::string>& time) {
  store::FollowTaskOwners(tx, task_ids, time);
}

}  // namespace crm::planning::app
