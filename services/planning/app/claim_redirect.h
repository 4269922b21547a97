#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/redirects.pb.h"

// Claiming a redirect (ClaimRedirect): someone of the receiving side takes an open redirect
// without a task and gets its task in their calendar.
namespace crm::planning::app {

// In one transaction: locks the redirect `id` (named `name`), checks the caller may claim it
// (domain::CheckMayClaimRedirect), the etag and that it is open without a task, that the client
// takes new tasks, then makes the caller responsible, plans the task
// (app/redirect_tasks.h) and returns the redirect. Throws NotFoundError, PermissionError,
// AbortedError (stale etag), PreconditionError REDIRECT_CLOSED / REDIRECT_ALREADY_CLAIMED /
// CLIENT_DELETED.
v1::Redirect ClaimRedirect(common::db::Pool& pool, const common::auth::Principal& caller,
                           const std::string& id, const std::string& name, const std::string& etag,
                           const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
