#include "services/planning/api/redirect_api.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/claim_redirect.h"
#include "services/planning/app/create_redirect.h"
#include "services/planning/app/update_redirect_status.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/redirect_rules.h"
#include "services/planning/store/redirect_store.h"

namespace crm::planning {
namespace {

using app::CheckOwnerAccess;
using app::LoadActor;
using common::auth::Principal;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::string RedirectIdOf(const std::string& name, const std::string& field,
                         common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return "";
  }
  return domain::ParseIdField(name, "redirects", field, violations).value_or("");
}

// The box owner a list reads, after checking the caller may read that box.
// `department_id` is the requested department unit, if any.
std::string BoxOwner(pqxx::transaction_base& tx, const common::auth::Actor& actor,
                     const v1::ListRedirectsRequest& request,
                     const std::optional<std::string>& employee_id,
                     const std::optional<std::string>& department_id) {
  using common::auth::Action;
  using common::auth::Records;
  const bool all =
      common::auth::ScopeOf(actor, Records::kTasks, Action::kRead) == common::auth::Scope::kAll;
  if (request.box() == v1::REDIRECT_BOX_DEPARTMENT) {
    const std::string department = department_id.value_or(actor.department_id);
    if (department.empty()) {
      throw common::ValidationError("department",
                                    "is required: the caller has no department in planning");
    }
    if (!all && department != actor.department_id) {
      throw common::PermissionError("only the department's members see its queue");
    }
    return common::ResourceName("departments", department);
  }
  std::string owner = employee_id ? *employee_id : actor.employee_id.value_or("");
  if (owner.empty()) {
    throw common::ValidationError("employee", "is required when the caller is not an employee");
  }
  if (!all && owner != actor.employee_id) {
    // A head of sales reads the boxes of their department's employees.
    CheckOwnerAccess(tx, actor, Records::kTasks, Action::kRead, owner);
  }
  return owner;
}

}  // namespace

RedirectApi::RedirectApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                         PlanningApi::Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status RedirectApi::CreateRedirect(grpc::ServerContext* context,
                                         const v1::CreateRedirectRequest* request,
                                         v1::Redirect* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const Timestamp now = Now();
    const domain::RedirectInput in = domain::ValidateCreateRedirect(*request, now);
    const auto from = common::auth::EmployeeIdOf(caller.subject);
    if (!from) {
      throw common::PermissionError("a redirect is sent by an employee");
    }
    *response = app::CreateRedirect(pool_, caller, *from, *request, in, now);
  });
}

grpc::Status RedirectApi::GetRedirect(grpc::ServerContext* context,
                                      const v1::GetRedirectRequest* request,
                                      v1::Redirect* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string id = RedirectIdOf(request->name(), "name", violations);
    violations.ThrowIfAny();
    const Timestamp now = Now();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      return app::ReadableRedirect(tx, caller, id, request->name(), now);
    });
  });
}

grpc::Status RedirectApi::ListRedirects(grpc::ServerContext* context,
                                        const v1::ListRedirectsRequest* request,
                                        v1::ListRedirectsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    if (request->box() == v1::REDIRECT_BOX_UNSPECIFIED ||
        !v1::RedirectBox_IsValid(request->box())) {
      violations.Add("box", "is required: SENT, RECEIVED or DEPARTMENT");
    }
    std::optional<std::string> employee_id;
    if (!request->employee().empty()) {
      employee_id = domain::ParseIdField(request->employee(), "employees", "employee", violations);
    }
    std::optional<std::string> department_id;
    if (!request->department().empty()) {
      department_id =
          domain::ParseIdField(request->department(), "departments", "department", violations);
    }
    store::RedirectFilter filter;
    filter.box = request->box();
    if (request->status() != v1::REDIRECT_STATUS_UNSPECIFIED) {
      if (!v1::RedirectStatus_IsValid(request->status())) {
        violations.Add("status", "is not a known status");
      } else {
        filter.status = request->status();
      }
    }
    filter.overdue_only = request->overdue_only();
    const common::api::TimePage paging =
        common::api::ReadTimePage(violations, *request, caller.subject);
    filter.after = paging.after;
    violations.ThrowIfAny();
    const Timestamp now = Now();
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      filter.owner = BoxOwner(tx, actor, *request, employee_id, department_id);
      filter.limit = paging.page_size + 1;
      auto page = store::ListRedirects(tx, filter, now);
      response->set_next_page_token(
          common::api::NextPageToken(page, paging.page_size, paging.query, [](const auto& last) {
            return common::api::TimeKey{TimeUtil::TimestampToMicroseconds(last.redirect.deadline()),
                                        last.id};
          }));
      return page;
    });
    for (const auto& row : rows) {
      *response->add_redirects() = row.redirect;
    }
  });
}

grpc::Status RedirectApi::UpdateRedirectStatus(grpc::ServerContext* context,
                                               const v1::UpdateRedirectStatusRequest* request,
                                               v1::Redirect* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string id = RedirectIdOf(request->name(), "name", violations);
    common::api::RequireEtag(violations, "etag", request->etag());
    if (request->status() == v1::REDIRECT_STATUS_UNSPECIFIED ||
        !v1::RedirectStatus_IsValid(request->status())) {
      violations.Add("status", "must be OPEN, IN_PROGRESS, DONE or DECLINED");
    }
    violations.ThrowIfAny();
    *response = app::UpdateRedirectStatus(pool_, caller, id, *request, Now());
  });
}

grpc::Status RedirectApi::ClaimRedirect(grpc::ServerContext* context,
                                        const v1::ClaimRedirectRequest* request,
                                        v1::Redirect* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string id = RedirectIdOf(request->name(), "name", violations);
    common::api::RequireEtag(violations, "etag", request->etag());
    violations.ThrowIfAny();
    *response = app::ClaimRedirect(pool_, caller, id, request->name(), request->etag(), Now());
  });
}

}  // namespace crm::planning
