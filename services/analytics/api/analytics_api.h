#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"

namespace crm::analytics {

// Reports over the projection the "analytics-all" consumer builds.
class AnalyticsApi final : public crm::analytics::v1::AnalyticsService::Service {
 public:
  AnalyticsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetManagerReport(grpc::ServerContext* context,
                                const crm::analytics::v1::GetManagerReportRequest* request,
                                crm::analytics::v1::ManagerReport* response) override;
  grpc::Status GetSalesReport(grpc::ServerContext* context,
                              const crm::analytics::v1::GetSalesReportRequest* request,
                              crm::analytics::v1::SalesReport* response) override;
  grpc::Status ListSalesReportRecords(
      grpc::ServerContext* context,
      const crm::analytics::v1::ListSalesReportRecordsRequest* request,
      crm::analytics::v1::ListSalesReportRecordsResponse* response) override;
  grpc::Status ListReportClients(grpc::ServerContext* context,
                                 const crm::analytics::v1::ListReportClientsRequest* request,
                                 crm::analytics::v1::ListReportClientsResponse* response) override;
  grpc::Status GetReadinessFunnel(grpc::ServerContext* context,
                                  const crm::analytics::v1::GetReadinessFunnelRequest* request,
                                  crm::analytics::v1::ReadinessFunnel* response) override;
  grpc::Status GetLeadSourceReport(grpc::ServerContext* context,
                                   const crm::analytics::v1::GetLeadSourceReportRequest* request,
                                   crm::analytics::v1::LeadSourceReport* response) override;
  grpc::Status GetRatingReport(grpc::ServerContext* context,
                               const crm::analytics::v1::GetRatingReportRequest* request,
                               crm::analytics::v1::RatingReport* response) override;
  grpc::Status GetMarketAnalysis(grpc::ServerContext* context,
                                 const crm::analytics::v1::GetMarketAnalysisRequest* request,
                                 crm::analytics::v1::MarketAnalysis* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::analytics
