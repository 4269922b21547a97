#include "services/planning/api/catalogue_api.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/result_rules.h"
#include "services/planning/store/catalogue_store.h"

namespace crm::planning {
namespace {

using common::auth::Principal;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::string ReasonIdOf(const std::string& name, const std::string& field,
                       common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return "";
  }
  return domain::ParseIdField(name, "refusalReasons", field, violations).value_or("");
}

store::ReasonRow LockReason(pqxx::work& tx, const std::string& id, const std::string& name,
                            const std::string& etag) {
  auto row = store::FindRefusalReasonForUpdate(tx, id);
  if (!row) {
    throw common::NotFoundError(name);
  }
  common::api::CheckEtag(name, row->entry.etag(), etag);
  return *row;
}

}  // namespace

CatalogueApi::CatalogueApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                           PlanningApi::Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status CatalogueApi::CreateRefusalReason(grpc::ServerContext* context,
                                               const v1::CreateRefusalReasonRequest* request,
                                               v1::RefusalReasonEntry* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    domain::ValidateNewRefusalReason(*request, violations);
    violations.ThrowIfAny();
    const Timestamp now = Now();
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateRefusalReason", *request),
        [&](pqxx::work& tx) {
          return store::InsertRefusalReason(tx, common::NewUuid(),
                                            request->refusal_reason().scope(),
                                            request->refusal_reason().display_name(), now)
              .entry;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
                     store::FindRefusalReason(
                         tx, common::ParseResourceId(name, "refusalReasons").value()),
                     name)
              .entry;
        });
  });
}

grpc::Status CatalogueApi::GetRefusalReason(grpc::ServerContext* context,
                                            const v1::GetRefusalReasonRequest* request,
                                            v1::RefusalReasonEntry* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const std::string id = ReasonIdOf(request->name(), "name", violations);
    violations.ThrowIfAny();
    *response = common::api::Found(pool_.Read([&](pqxx::read_transaction& tx) {
                  return store::FindRefusalReason(tx, id);
                }),
                                   request->name())
                    .entry;
  });
}

grpc::Status CatalogueApi::ListRefusalReasons(grpc::ServerContext* context,
                                              const v1::ListRefusalReasonsRequest* request,
                                              v1::ListRefusalReasonsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    if (request->scope() != v1::REFUSAL_SCOPE_UNSPECIFIED &&
        !common::api::IsSpecified(request->scope())) {
      violations.Add("scope", "is not a known scope");
    }
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      return store::ListRefusalReasons(tx, request->scope(), request->show_inactive(), page.after,
                                       page.page_size + 1);
    });
    response->set_next_page_token(
        common::api::NextPageToken(rows, page.page_size, page.query, [](const auto& last) {
          return common::api::TimeKey{TimeUtil::TimestampToMicroseconds(last.entry.create_time()),
                                      last.rule.id};
        }));
    for (const auto& row : rows) {
      *response->add_refusal_reasons() = row.entry;
    }
  });
}

grpc::Status CatalogueApi::UpdateRefusalReason(grpc::ServerContext* context,
                                               const v1::UpdateRefusalReasonRequest* request,
                                               v1::RefusalReasonEntry* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    domain::ValidateRefusalReasonUpdate(*request, violations);
    violations.ThrowIfAny();
    const auto& entry = request->refusal_reason();
    const std::string id = ReasonIdOf(entry.name(), "refusal_reason.name", violations);
    const Timestamp now = Now();
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      LockReason(tx, id, entry.name(), entry.etag());
      return store::RenameRefusalReason(tx, id, entry.display_name(), now).entry;
    });
  });
}

grpc::Status CatalogueApi::SetActive(grpc::ServerContext* context, const std::string& name,
                                     const std::string& etag, bool active,
                                     v1::RefusalReasonEntry* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const std::string id = ReasonIdOf(name, "name", violations);
    common::api::RequireEtag(violations, "etag", etag);
    violations.ThrowIfAny();
    const Timestamp now = Now();
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      const store::ReasonRow current = LockReason(tx, id, name, etag);
      if (current.entry.active() == active) {
        return current.entry;  // already so: nothing changes, the etag stays
      }
      return store::SetRefusalReasonActive(tx, id, active, now).entry;
    });
  });
}

grpc::Status CatalogueApi::DeactivateRefusalReason(
    grpc::ServerContext* context, const v1::DeactivateRefusalReasonRequest* request,
    v1::RefusalReasonEntry* response) {
  return SetActive(context, request->name(), request->etag(), false, response);
}

grpc::Status CatalogueApi::ReactivateRefusalReason(
    grpc::ServerContext* context, const v1::ReactivateRefusalReasonRequest* request,
    v1::RefusalReasonEntry* response) {
  return SetActive(context, request->name(), request->etag(), true, response);
}

}  // namespace crm::planning
