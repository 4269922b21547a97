#include "services/planning/api/assessment_api.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/enum_text.h"
#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/planning/app/actors.h"
#include "services/planning/domain/assessment_rules.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/stand_rules.h"
#include "services/planning/events/published.h"
#include "services/planning/store/assessment_store.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using app::CheckClientWrite;
using common::auth::Principal;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::string ClientIdOf(const std::string& name, common::Violations& violations) {
  if (name.empty()) {
    violations.Add("client", "is required");
    return "";
  }
  return domain::ParseIdField(name, "clients", "client", violations).value_or("");
}

// (project id, edition id) of an edition name; empty when absent or malformed.
std::pair<std::string, std::string> EditionIdsOf(const std::string& name, bool required,
                                                 common::Violations& violations) {
  if (name.empty()) {
    if (required) {
      violations.Add("edition", "is required");
    }
    return {};
  }
  const auto ids = domain::ParseEditionName(name, "", "edition", violations);
  if (!ids) {
    return {};
  }
  return {ids->project_id, ids->edition_id};
}

void RequireClient(pqxx::transaction_base& tx, const std::string& id, const std::string& name) {
  if (!store::FindClient(tx, id)) {
    throw common::NotFoundError(name);
  }
}

}  // namespace

AssessmentApi::AssessmentApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                             PlanningApi::Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status AssessmentApi::SetReadiness(grpc::ServerContext* context,
                                         const v1::SetReadinessRequest* request,
                                         v1::Readiness* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    const auto [project_id, edition_id] = EditionIdsOf(request->edition(), true, violations);
    domain::ValidateReadinessLevel(request->level(), violations);
    domain::CheckAssessmentText(request->comment(), "comment", violations);
    violations.ThrowIfAny();
    const Timestamp now = Now();
    // Structured bindings captured by name: clang before 16 (clang-tidy) cannot capture them
    // implicitly.
    *response = pool_.InTransaction([&, &project_id = project_id,
                                     &edition_id = edition_id](pqxx::work& tx) {
      RequireClient(tx, client_id, request->client());
      CheckClientWrite(tx, caller, client_id);
      auto edition = store::FindEdition(tx, edition_id);
      if (!edition || edition->project_id != project_id) {
        throw common::NotFoundError(request->edition());
      }
      const auto previous = store::FindReadiness(tx, client_id, edition_id);
      store::NewReadiness change{common::NewUuid(), client_id,          project_id,     edition_id,
                                 request->level(),  request->comment(), caller.subject, now};
      const store::ReadinessRow row = store::InsertReadiness(tx, change);
      common::bus::EnqueueEvent(
          tx, ev::kReadinessChanged, row.readiness.client(),
          ReadinessChangedEvent(row.readiness, previous ? previous->readiness.level()
                                                        : v1::READINESS_LEVEL_UNSPECIFIED));
      return row.readiness;
    });
  });
}

grpc::Status AssessmentApi::GetReadiness(grpc::ServerContext* context,
                                         const v1::GetReadinessRequest* request,
                                         v1::Readiness* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    const auto ids = EditionIdsOf(request->edition(), true, violations);
    violations.ThrowIfAny();
    *response = common::api::Found(pool_.Read([&](pqxx::read_transaction& tx) {
                  return store::FindReadiness(tx, client_id, ids.second);
                }),
                                   request->client() + "/readiness")
                    .readiness;
  });
}

grpc::Status AssessmentApi::ListReadinessHistory(grpc::ServerContext* context,
                                                 const v1::ListReadinessHistoryRequest* request,
                                                 v1::ListReadinessHistoryResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    const auto ids = EditionIdsOf(request->edition(), false, violations);
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    std::optional<std::string> edition_id;
    if (!ids.second.empty()) {
      edition_id = ids.second;
    }
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      return store::ListReadinessHistory(tx, client_id, edition_id, page.after, page.page_size + 1);
    });
    response->set_next_page_token(
        common::api::NextPageToken(rows, page.page_size, page.query, [](const auto& last) {
          return common::api::TimeKey{
              TimeUtil::TimestampToMicroseconds(last.readiness.record_time()), last.id};
        }));
    for (const auto& row : rows) {
      *response->add_changes() = row.readiness;
    }
  });
}

grpc::Status AssessmentApi::SetLeadSource(grpc::ServerContext* context,
                                          const v1::SetLeadSourceRequest* request,
                                          v1::LeadSource* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    domain::ValidateLeadSource(*request, violations);
    violations.ThrowIfAny();
    // Registry owns the value and applies the event; planning keeps nothing of its own.
    v1::LeadSource source;
    source.set_client(common::ResourceName("clients", client_id));
    source.set_source(request->source());
    source.set_detail(request->detail());
    source.set_recorded_by(caller.subject);
    *source.mutable_record_time() = Now();
    pool_.InTransaction([&](pqxx::work& tx) {
      RequireClient(tx, client_id, request->client());
      CheckClientWrite(tx, caller, client_id);
      common::bus::EnqueueEvent(tx, ev::kLeadSourceSet, source.client(),
                                LeadSourceSetEvent(source));
    });
    *response = source;
  });
}

grpc::Status AssessmentApi::GetLeadSource(grpc::ServerContext* context,
                                          const v1::GetLeadSourceRequest* request,
                                          v1::LeadSource* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    violations.ThrowIfAny();
    *response = common::api::Found(pool_.Read([&](pqxx::read_transaction& tx) {
      return store::FindLeadSource(tx, client_id);
    }),
                                   request->client() + "/leadSource");
  });
}

grpc::Status AssessmentApi::RecordRating(grpc::ServerContext* context,
                                         const v1::RecordRatingRequest* request,
                                         v1::Rating* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    if (!request->has_rating()) {
      violations.Add("rating", "is required");
      violations.ThrowIfAny();
    }
    const std::string subject = domain::ValidateRating(request->rating(), violations);
    violations.ThrowIfAny();
    const Timestamp now = Now();
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      RequireClient(tx, client_id, request->client());
      CheckClientWrite(tx, caller, client_id);
      const store::RatingRow row = store::InsertRating(
          tx, common::NewUuid(), client_id, request->rating(), subject, caller.subject, now);
      common::bus::EnqueueEvent(tx, ev::kRatingRecorded, row.rating.name(),
                                RatingRecordedEvent(row.rating));
      return row.rating;
    });
  });
}

grpc::Status AssessmentApi::ListRatings(grpc::ServerContext* context,
                                        const v1::ListRatingsRequest* request,
                                        v1::ListRatingsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string client_id = ClientIdOf(request->client(), violations);
    if (request->target() != v1::RATING_TARGET_UNSPECIFIED &&
        !common::api::IsSpecified(request->target())) {
      violations.Add("target", "is not a known rating target");
    }
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      return store::ListRatings(tx, client_id, request->target(), page.after, page.page_size + 1);
    });
    response->set_next_page_token(
        common::api::NextPageToken(rows, page.page_size, page.query, [](const auto& last) {
          return common::api::TimeKey{TimeUtil::TimestampToMicroseconds(last.rating.record_time()),
                                      last.id};
        }));
    for (const auto& row : rows) {
      *response->add_ratings() = row.rating;
    }
  });
}

}  // namespace crm::planning
