#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/redirect_store.h"

// A redirect is a task: the responsible person's calendar task for it (a planned contact of type
// OTHER ending at the deadline, with a reminder), and what happens to the redirect when that task
// is completed, cancelled or passes to someone else. Every function runs in the caller's
// transaction.
namespace crm::planning::app {

// What the task of a redirect is made of.
struct RedirectTaskInput {
  std::string client_id;
  std::string goal;
  google::protobuf::Timestamp deadline;
  std::string owner_id;                   // the responsible person
  std::optional<std::string> contact_id;  // the contact the client asked in: its edition
};

// Inserts the task with its reminder and enqueues contact.planned; returns it.
store::ContactRow PlanRedirectTask(pqxx::transaction_base& tx, const RedirectTaskInput& in,
                                   const google::protobuf::Timestamp& now);

// Locks the current task of redirect `redirect_id`, if it has one, before the caller locks the
// redirect: completing, cancelling and reassigning a task lock the task, then its redirect, and a
// status change taking the same order cannot deadlock with them.
void LockRedirectTask(pqxx::transaction_base& tx, const std::string& redirect_id,
                      const google::protobuf::Timestamp& now);

// A redirect moved to DONE or DECLINED by UpdateRedirectStatus: its task, while planned, is
// cancelled with `reason`.
void CloseRedirectTask(pqxx::transaction_base& tx, const store::RedirectRow& redirect,
                       const std::string& reason, const google::protobuf::Timestamp& now);

// The task `completed` (just completed with a result of `kind`) of an open redirect: a reschedule
// hands the redirect to the follow-up `next` task; any other result moves the redirect to DONE
// with the result, enqueuing redirect.status_changed and redirect.completed. Nothing for a task
// of no redirect.
void FollowCompletedTask(pqxx::transaction_base& tx, const v1::Contact& completed,
                         domain::ResultKind kind, const std::optional<v1::Contact>& next,
                         const std::string& changed_by, const google::protobuf::Timestamp& now);

// The task `task_id` was cancelled (CancelContact): its open redirect loses the task and is OPEN
// again; one addressed to a department goes back to the department's queue (no responsible
// person), one addressed to an employee stays theirs, and either is claimed again with
// ClaimRedirect. Nothing for a task of no redirect or a closed redirect.
void ReleaseRedirectTask(pqxx::transaction_base& tx, const std::string& task_id,
                         const std::string& changed_by, const google::protobuf::Timestamp& now);

// Tasks that passed to other owners: their redirects' responsible person follows. `time` is the
// change's time as RFC 3339 (the database's clock when nullopt).
void FollowTaskOwners(pqxx::transaction_base& tx, const std::vector<std::string>& task_ids,
                      const std::optional<std::string>& time);

}  // namespace crm::planning::app
