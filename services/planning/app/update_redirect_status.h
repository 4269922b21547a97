#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/redirects.pb.h"

// Moving a redirect along by hand (UpdateRedirectStatus).
namespace crm::planning::app {

// In one transaction: locks the redirect `id` (after its task, app::LockRedirectTask), checks the
// caller works on it, the etag and the status flow, stores the status with the comment and
// enqueues redirect.status_changed; DONE and DECLINED also cancel the open task. Throws
// NotFoundError, PermissionError, AbortedError (stale etag), ValidationError and
// PreconditionError REDIRECT_CLOSED / REDIRECT_STATUS_UNCHANGED.
v1::Redirect UpdateRedirectStatus(common::db::Pool& pool, const common::auth::Principal& caller,
                                  const std::string& id,
                                  const v1::UpdateRedirectStatusRequest& request,
                                  const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
