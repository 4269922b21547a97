#include "services/planning/app/update_redirect_status.h"

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/domain/redirect_rules.h"
#include "services/planning/events/published.h"
#include "services/planning/store/redirect_store.h"

namespace crm::planning::app {

v1::Redirect UpdateRedirectStatus(common::db::Pool& pool, const common::auth::Principal& caller,
                                  const std::string& id,
                                  const v1::UpdateRedirectStatusRequest& request,
                                  const google::protobuf::Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    LockRedirectTask(tx, id, now);
    auto row = store::FindRedirectForUpdate(tx, id, now);
    if (!row) {
      throw common::NotFoundError(request.name());
    }
    domain::CheckMayWorkOnRedirect(LoadActor(tx, caller), row->parties);
    common::api::CheckEtag(request.name(), row->redirect.etag(), request.etag());
    domain::CheckStatusChange(row->redirect.status(), request.status(), request.comment());
    const store::RedirectRow updated =
        store::UpdateRedirectStatus(tx, id, request.status(), request.comment(), now);
    common::bus::EnqueueEvent(
        tx, crm::events::v1::kRedirectStatusChanged, updated.redirect.name(),
        RedirectStatusChangedEvent(updated.redirect, row->redirect.status(), caller.subject));
    if (request.status() == v1::REDIRECT_STATUS_DONE ||
        request.status() == v1::REDIRECT_STATUS_DECLINED) {
      // Closed by hand: its task leaves the calendar.
      CloseRedirectTask(tx, *row,
                        request.comment().empty()
                            ? "the redirect is " + domain::RedirectStatusText::Of(request.status())
                            : request.comment(),
                        now);
    }
    return updated.redirect;
  });
}

}  // namespace crm::planning::app
