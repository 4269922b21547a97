#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/redirects.pb.h"
#include "services/planning/domain/redirect_rules.h"

// Handing a client's request over (CreateRedirect), and reading one as the caller may.
namespace crm::planning::app {

// Once per (caller, request_id): checks that the client (not deleted), the addressee, the
// responsible person and the contact are known, plans the responsible person's task when there is
// one (app/redirect_tasks.h; a department's redirect waits in its queue), inserts the redirect
// sent by `from_employee_id` and enqueues redirect.created. A replay returns the caller's earlier
// redirect as far as they may still read it. Throws NotFoundError, PreconditionError
// CLIENT_DELETED and the idempotency errors of common/api/idempotency.h.
v1::Redirect CreateRedirect(common::db::Pool& pool, const common::auth::Principal& caller,
                            const std::string& from_employee_id,
                            const v1::CreateRedirectRequest& request,
                            const domain::RedirectInput& in,
                            const google::protobuf::Timestamp& now);

// The redirect `id` (named `name`) as the caller may read it, `overdue` as of `now`: NotFoundError
// or PermissionError.
v1::Redirect ReadableRedirect(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                              const std::string& id, const std::string& name,
                              const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
