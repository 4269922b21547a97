#include "services/planning/app/claim_redirect.h"

#include "common/api/etag.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/domain/redirect_rules.h"
#include "services/planning/store/redirect_store.h"

namespace crm::planning::app {

v1::Redirect ClaimRedirect(common::db::Pool& pool, const common::auth::Principal& caller,
                           const std::string& id, const std::string& name, const std::string& etag,
                           const google::protobuf::Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    auto row = store::FindRedirectForUpdate(tx, id, now);
    if (!row) {
      throw common::NotFoundError(name);
    }
    const common::auth::Actor actor = LoadActor(tx, caller);
    domain::CheckMayClaimRedirect(actor, row->parties);
    common::api::CheckEtag(name, row->redirect.etag(), etag);
    domain::CheckClaimable(row->redirect.status(), row->task_id.has_value());
    RedirectTaskInput task;
    task.client_id = common::ParseResourceId(row->redirect.client(), "clients").value();
    RequireClientNotDeleted(tx, task.client_id);
    // CheckMayClaimRedirect lets only employees through.
    const std::string owner_id = actor.employee_id.value();
    task.goal = row->redirect.goal();
    task.deadline = row->redirect.deadline();
    task.owner_id = owner_id;
    if (!row->redirect.contact().empty()) {
      task.contact_id = common::ParseResourceId(row->redirect.contact(), "contacts");
    }
    const store::ContactRow planned = PlanRedirectTask(tx, task, now);

    store::RedirectWork work = store::RedirectWorkOf(*row);
    work.task_id = planned.id;
    work.responsible_id = owner_id;
    return store::UpdateRedirectWork(tx, id, work, now).redirect;
  });
}

}  // namespace crm::planning::app
