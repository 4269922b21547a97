#include "services/analytics/api/forecast_api.h"

#include <google/protobuf/util/time_util.h>

#include <optional>

#include "common/api/date.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "services/analytics/domain/forecast.h"
#include "services/analytics/domain/forecast_messages.h"
#include "services/analytics/store/forecast_store.h"

namespace crm::analytics {
namespace {

using common::auth::Action;
using common::auth::Records;
using google::protobuf::util::TimeUtil;

int64_t NowMicros() { return TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()); }

void CheckForecastAccess(const common::auth::Principal& caller, Action action) {
  common::auth::CheckAccess(common::auth::ActorOf(caller), Records::kForecasts, action, {});
}

// The facts the forecast learns from (those `scope` needs, or all), read in one snapshot.
domain::FactBase Facts(common::db::Pool& pool, const std::optional<FactScope>& scope) {
  auto lease = pool.Acquire();
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
  domain::FactBase facts = ForecastStore::LoadFacts(tx, scope);
  tx.commit();
  return facts;
}

}  // namespace

ForecastApi::ForecastApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status ForecastApi::GetEditionForecast(
    grpc::ServerContext* context, const crm::analytics::v1::GetEditionForecastRequest* request,
    crm::analytics::v1::EditionForecast* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const domain::ForecastQuery query = domain::ValidateForecastRequest(*request, NowMicros());
    CheckForecastAccess(caller, Action::kRead);
    const domain::FactBase facts = Facts(pool_, FactScope{query.edition, query.as_of_us});
    auto it = facts.find(query.edition);
    if (it == facts.end()) {
      throw common::NotFoundError(query.edition);
    }
    *response = domain::ForecastMessage(
        domain::ForecastEdition(facts, query.edition, query.as_of_us), it->second.edition);
  });
}

grpc::Status ForecastApi::GetForecastBacktest(
    grpc::ServerContext* context, const crm::analytics::v1::GetForecastBacktestRequest* request,
    crm::analytics::v1::ForecastBacktest* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string project = domain::ValidateBacktestRequest(*request);
    CheckForecastAccess(caller, Action::kRead);
    if (!project.empty() && !pool_.Read([&](pqxx::read_transaction& tx) {
          return ForecastStore::ProjectKnown(tx, project);
        })) {
      throw common::NotFoundError(project);
    }
    *response = domain::BacktestMessage(
        domain::RunBacktest(Facts(pool_, std::nullopt), project, NowMicros()), project);
  });
}

grpc::Status ForecastApi::ImportEditionHistory(
    grpc::ServerContext* context, const crm::analytics::v1::ImportEditionHistoryRequest* request,
    crm::analytics::v1::ImportEditionHistoryResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string today =
        common::api::IsoDate(common::api::LocalDate(TimeUtil::GetCurrentTime()));
    const domain::HistoryImport history = domain::ValidateImport(*request, today);
    CheckForecastAccess(caller, Action::kWrite);
    pool_.InTransaction([&](pqxx::work& tx) { ForecastStore::ReplaceHistory(tx, history); });
    response->set_edition(history.edition.name);
    response->set_assessments(static_cast<int64_t>(history.assessments.size()));
    response->set_sales(static_cast<int64_t>(history.sales.size()));
  });
}

}  // namespace crm::analytics
