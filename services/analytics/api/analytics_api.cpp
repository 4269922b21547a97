#include "services/analytics/api/analytics_api.h"

#include "common/auth/access.h"
#include "common/core/errors.h"
#include "services/analytics/domain/report.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {

using common::auth::Role;

AnalyticsApi::AnalyticsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status AnalyticsApi::GetManagerReport(
    grpc::ServerContext* context, const crm::analytics::v1::GetManagerReportRequest* request,
    crm::analytics::v1::ManagerReport* response) {
  return guard_.Run(
      context, "GetManagerReport", {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst},
      [&](const common::auth::Principal& caller) {
        domain::ReportQuery query = domain::ValidateReportRequest(*request);

        // One snapshot for every section, so the by-type and by-result counts (and the
        // conversion computed from them) agree even while events are being applied.
        auto lease = pool_.Acquire();
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
        // The shared rule, with departments as of now; before the existence check, so a manager
        // cannot probe for other managers.
        const common::auth::DepartmentLookup departments = [&tx](const std::string& id) {
          return ReportStore::EmployeeDepartment(tx, id);
        };
        common::auth::CheckAccess(common::auth::ActorOf(caller, departments),
                                  common::auth::Records::kReports, common::auth::Action::kRead,
                                  common::auth::OwnerOf(request->manager(), departments));
        if (!ReportStore::ManagerKnown(tx, query.manager_id)) {
          throw common::NotFoundError(request->manager());
        }
        auto by_type = ReportStore::CompletedByType(tx, query);
        auto by_result = ReportStore::CompletedByResult(tx, query);
        int64_t open = ReportStore::OpenContacts(tx, query);
        domain::SalesTotals sales = ReportStore::Sales(tx, query);
        tx.commit();
        *response =
            domain::AssembleReport(*request, std::move(by_type), std::move(by_result), open, sales);
      });
}

}  // namespace crm::analytics
