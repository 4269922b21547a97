#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/analytics/v1/forecast.grpc.pb.h"

namespace crm::analytics {

// The edition forecast, its backtest and the import of past editions' history
// (domain/forecast.h has the method). Readers: admins, analysts and heads of sales (the shared
// rule, Records::kForecasts); the import: admins and analysts.
class ForecastApi final : public crm::analytics::v1::ForecastService::Service {
 public:
  ForecastApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetEditionForecast(grpc::ServerContext* context,
                                  const crm::analytics::v1::GetEditionForecastRequest* request,
                                  crm::analytics::v1::EditionForecast* response) override;
  grpc::Status GetForecastBacktest(grpc::ServerContext* context,
                                   const crm::analytics::v1::GetForecastBacktestRequest* request,
                                   crm::analytics::v1::ForecastBacktest* response) override;
  grpc::Status ImportEditionHistory(
      grpc::ServerContext* context, const crm::analytics::v1::ImportEditionHistoryRequest* request,
      crm::analytics::v1::ImportEditionHistoryResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::analytics
