#include "services/planning/app/create_redirect.h"

#include <optional>

#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/events/published.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/redirect_store.h"

namespace crm::planning::app {
namespace {

// Everything a new redirect names must be known to planning.
void CheckRedirectReferences(pqxx::work& tx, const domain::RedirectInput& in,
                             const v1::Redirect& r) {
  if (!store::FindClient(tx, in.client_id)) {
    throw common::NotFoundError(r.client());
  }
  RequireClientNotDeleted(tx, in.client_id);
  if (in.to_employee_id && !store::FindEmployee(tx, *in.to_employee_id)) {
    throw common::NotFoundError(r.to_employee());
  }
  if (in.to_department_id && !store::DepartmentExists(tx, *in.to_department_id)) {
    throw common::NotFoundError(r.to_department());
  }
  if (in.responsible_id && in.responsible_id != in.to_employee_id &&
      !store::FindEmployee(tx, *in.responsible_id)) {
    throw common::NotFoundError(r.responsible());
  }
  if (in.contact_id) {
    auto contact = store::FindContact(tx, *in.contact_id);
    if (!contact || contact->client_id != in.client_id) {
      throw common::NotFoundError(r.contact());
    }
  }
}

}  // namespace

v1::Redirect CreateRedirect(common::db::Pool& pool, const common::auth::Principal& caller,
                            const std::string& from_employee_id,
                            const v1::CreateRedirectRequest& request,
                            const domain::RedirectInput& in,
                            const google::protobuf::Timestamp& now) {
  return common::api::CreateOnce(
      pool, common::api::KeyOf(caller.subject, "CreateRedirect", request),
      [&](pqxx::work& tx) {
        CheckRedirectReferences(tx, in, request.redirect());
        // A redirect with a responsible person is a task in their calendar at once; one to a
        // department waits in its queue until someone claims it.
        std::optional<std::string> task_id;
        if (in.responsible_id) {
          const RedirectTaskInput task{in.client_id, in.goal, in.deadline, *in.responsible_id,
                                       in.contact_id};
          task_id = PlanRedirectTask(tx, task, now).id;
        }
        const store::NewRedirect redirect{common::NewUuid(), from_employee_id, in, now, task_id};
        const store::RedirectRow inserted = store::InsertRedirect(tx, redirect, now);
        common::bus::EnqueueEvent(tx, crm::events::v1::kRedirectCreated, inserted.redirect.name(),
                                  RedirectCreatedEvent(inserted.redirect));
        return inserted.redirect;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        return ReadableRedirect(tx, caller, common::ParseResourceId(name, "redirects").value(),
                                name, now);
      });
}

v1::Redirect ReadableRedirect(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                              const std::string& id, const std::string& name,
                              const google::protobuf::Timestamp& now) {
  auto row = store::FindRedirect(tx, id, now);
  if (!row) {
    throw common::NotFoundError(name);
  }
  if (!domain::MayReadRedirect(LoadActor(tx, caller), row->parties)) {
    throw common::PermissionError(
        "a redirect is visible to its sender, its receiving side, their heads of sales and "
        "analysts");
  }
  return row->redirect;
}

}  // namespace crm::planning::app
