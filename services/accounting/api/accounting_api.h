#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "services/accounting/app/exchange.h"

namespace crm::accounting {

// Accounting's API: the export packages written for 1C, bank statements with their payments, and
// the receivables.
class AccountingApi final : public crm::accounting::v1::AccountingService::Service {
 public:
  // The 1C exchange the service runs: EnterpriseData (the exchange RPCs work) or the JSON
  // packages (they answer FAILED_PRECONDITION).
  struct Exchange {
    bool enterprise_data = false;
    app::ExchangeSettings settings;
    const ExchangeDirectory* directory = nullptr;
  };

  AccountingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, Exchange exchange);

  grpc::Status GetExport(grpc::ServerContext* context,
                         const crm::accounting::v1::GetExportRequest* request,
                         crm::accounting::v1::Export* response) override;
  grpc::Status ListExports(grpc::ServerContext* context,
                           const crm::accounting::v1::ListExportsRequest* request,
                           crm::accounting::v1::ListExportsResponse* response) override;
  grpc::Status ImportBankStatement(
      grpc::ServerContext* context, const crm::accounting::v1::ImportBankStatementRequest* request,
      crm::accounting::v1::ImportBankStatementResponse* response) override;
  grpc::Status GetPayment(grpc::ServerContext* context,
                          const crm::accounting::v1::GetPaymentRequest* request,
                          crm::accounting::v1::Payment* response) override;
  grpc::Status ListPayments(grpc::ServerContext* context,
                            const crm::accounting::v1::ListPaymentsRequest* request,
                            crm::accounting::v1::ListPaymentsResponse* response) override;
  grpc::Status MatchPayment(grpc::ServerContext* context,
                            const crm::accounting::v1::MatchPaymentRequest* request,
                            crm::accounting::v1::Payment* response) override;
  grpc::Status UnmatchPayment(grpc::ServerContext* context,
                              const crm::accounting::v1::UnmatchPaymentRequest* request,
                              crm::accounting::v1::Payment* response) override;
  grpc::Status GetReceivables(grpc::ServerContext* context,
                              const crm::accounting::v1::GetReceivablesRequest* request,
                              crm::accounting::v1::Receivables* response) override;
  grpc::Status RunExchange(grpc::ServerContext* context,
                           const crm::accounting::v1::RunExchangeRequest* request,
                           crm::accounting::v1::ExchangeMessage* response) override;
  grpc::Status ReceiveExchangeMessage(
      grpc::ServerContext* context,
      const crm::accounting::v1::ReceiveExchangeMessageRequest* request,
      crm::accounting::v1::ReceiveExchangeMessageResponse* response) override;
  grpc::Status GetExchangeStatus(grpc::ServerContext* context,
                                 const crm::accounting::v1::GetExchangeStatusRequest* request,
                                 crm::accounting::v1::ExchangeStatus* response) override;

  // Project budgets (api/budget_api.cpp).
  grpc::Status GetBudget(grpc::ServerContext* context,
                         const crm::accounting::v1::GetBudgetRequest* request,
                         crm::accounting::v1::Budget* response) override;
  grpc::Status UpdateBudget(grpc::ServerContext* context,
                            const crm::accounting::v1::UpdateBudgetRequest* request,
                            crm::accounting::v1::Budget* response) override;
  grpc::Status ImportBudgetPlan(grpc::ServerContext* context,
                                const crm::accounting::v1::ImportBudgetPlanRequest* request,
                                crm::accounting::v1::Budget* response) override;
  grpc::Status CreateBudgetCost(grpc::ServerContext* context,
                                const crm::accounting::v1::CreateBudgetCostRequest* request,
                                crm::accounting::v1::BudgetCost* response) override;
  grpc::Status ListBudgetCosts(grpc::ServerContext* context,
                               const crm::accounting::v1::ListBudgetCostsRequest* request,
                               crm::accounting::v1::ListBudgetCostsResponse* response) override;
  grpc::Status DeleteBudgetCost(grpc::ServerContext* context,
                                const crm::accounting::v1::DeleteBudgetCostRequest* request,
                                crm::accounting::v1::BudgetCost* response) override;
  grpc::Status GetBudgetReport(grpc::ServerContext* context,
                               const crm::accounting::v1::GetBudgetReportRequest* request,
                               crm::accounting::v1::BudgetReport* response) override;

 private:
  // FAILED_PRECONDITION in the json mode.
  void RequireEnterpriseData() const;

  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
  Exchange exchange_;
};

}  // namespace crm::accounting
