#include "services/analytics/api/analytics_api.h"

#include <set>

#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/db/pool.h"
#include "services/analytics/domain/drill.h"
#include "services/analytics/domain/lead_source_report.h"
#include "services/analytics/domain/market.h"
#include "services/analytics/domain/rating_report.h"
#include "services/analytics/domain/report.h"
#include "services/analytics/domain/sales_report.h"
#include "services/analytics/domain/team_report.h"
#include "services/analytics/domain/timestamps.h"
#include "services/analytics/store/market_store.h"
#include "services/analytics/store/projection_store.h"
#include "services/analytics/store/sales_report_store.h"

namespace crm::analytics {

AnalyticsApi::AnalyticsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status AnalyticsApi::GetManagerReport(
    grpc::ServerContext* context, const crm::analytics::v1::GetManagerReportRequest* request,
    crm::analytics::v1::ManagerReport* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
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
    // The period's sections, then the same for the previous period of the same length.
    auto assemble = [&tx](const crm::analytics::v1::GetManagerReportRequest& period,
                          const domain::ReportQuery& q) {
      auto by_type = ReportStore::CompletedByType(tx, q);
      auto by_result = ReportStore::CompletedByResult(tx, q);
      int64_t open = ReportStore::OpenContacts(tx, q);
      domain::SalesTotals sales = ReportStore::Sales(tx, q);
      return domain::AssembleReport(period, std::move(by_type), std::move(by_result), open, sales);
    };
    *response = assemble(*request, query);
    if (auto previous_start = domain::PreviousStart(request->start_time(), request->end_time())) {
      crm::analytics::v1::GetManagerReportRequest previous = *request;
      *previous.mutable_start_time() = *previous_start;
      *previous.mutable_end_time() = request->start_time();
      const domain::ReportQuery previous_query{query.manager_id, domain::Rfc3339(*previous_start),
                                               query.start_rfc3339};
      *response->mutable_previous() = assemble(previous, previous_query);
    }
    tx.commit();
  });
}

namespace {

// What the caller's reports cover (the shared rule's read scope for reports), with departments
// as the projection knows them now.
common::auth::ListScope ReachOf(pqxx::transaction_base& tx, const common::auth::Principal& caller) {
  const common::auth::DepartmentLookup departments = [&tx](const std::string& id) {
    return ReportStore::EmployeeDepartment(tx, id);
  };
  return common::auth::ReadScope(common::auth::ActorOf(caller, departments),
                                 common::auth::Records::kReports);
}

// What a report over `reach` covers, as the report says it.
std::string ScopeText(const common::auth::ListScope& reach) {
  if (reach.all) {
    return "all";
  }
  return reach.department_id ? "department" : "own";
}

// Keeps a page of `rows` in `out` and, when the rows run past it (a page is read with one row
// more to tell whether another follows), the next page's token in `next_page_token`.
template <class Record>
void TakePage(std::vector<Keyed<Record>> rows, const common::api::TimePage& paging,
              google::protobuf::RepeatedPtrField<Record>* out, std::string* next_page_token) {
  if (static_cast<int>(rows.size()) > paging.page_size) {
    rows.resize(static_cast<std::size_t>(paging.page_size));
    *next_page_token = common::api::IssuePageToken(paging.query, rows.back().key);
  }
  for (auto& row : rows) {
    *out->Add() = std::move(row.record);
  }
}

}  // namespace

grpc::Status AnalyticsApi::GetSalesReport(grpc::ServerContext* context,
                                          const crm::analytics::v1::GetSalesReportRequest* request,
                                          crm::analytics::v1::SalesReport* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    domain::SalesReportQuery query = domain::ValidateSalesReportRequest(*request);
    // One snapshot: the rows, the total and the refusals agree while events are applied.
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    const common::auth::ListScope reach = ReachOf(tx, caller);
    common::db::UseCustomPlans(tx);  // the sections switch their conditions off by parameter
    const bool by_team = query.grouping == crm::analytics::v1::SALES_REPORT_GROUPING_PROJECT_TEAM;
    // A team's figures are its project's editions' (the edition's team is its project's).
    domain::SalesReportQuery sections = query;
    if (by_team) {
      sections.grouping = crm::analytics::v1::SALES_REPORT_GROUPING_EDITION;
    }
    auto sales = SalesReportStore::Sales(tx, sections, reach);
    auto contacts = SalesReportStore::Contacts(tx, sections, reach);
    if (by_team) {
      sales = domain::SalesByTeam(sales);
      contacts = domain::ContactsByTeam(contacts, SalesReportStore::TeamClients(tx, query, reach));
    }
    auto refusals = SalesReportStore::Refusals(tx, query, reach);
    std::set<std::string> keys;
    for (const auto& cell : sales) {
      keys.insert(cell.key);
    }
    for (const auto& cell : contacts) {
      keys.insert(cell.key);
    }
    auto names =
        by_team ? SalesReportStore::TeamNames(tx, keys) : SalesReportStore::Names(tx, keys);
    std::vector<domain::TeamMemberCell> members;
    if (by_team) {
      members = SalesReportStore::TeamMembers(tx, keys);
    }
    tx.commit();
    *response = domain::AssembleSalesReport(*request, query, sales, contacts, names,
                                            std::move(refusals), ScopeText(reach));
    domain::AddTeamMembers(*response, members);
  });
}

grpc::Status AnalyticsApi::ListSalesReportRecords(
    grpc::ServerContext* context, const crm::analytics::v1::ListSalesReportRecordsRequest* request,
    crm::analytics::v1::ListSalesReportRecordsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const common::api::TimePage paging =
        common::api::ReadTimePage(violations, *request, caller.subject);
    const auto query = domain::ReadDrillRequest(violations, *request);
    violations.ThrowIfAny();
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    // The records the report counts for the caller: the same reach on every page.
    const common::auth::ListScope reach = ReachOf(tx, caller);
    auto page = [&](auto&& list, auto* out) {
      TakePage(list(tx, *query, reach, paging.after, paging.page_size + 1), paging, out,
               response->mutable_next_page_token());
    };
    namespace v1 = crm::analytics::v1;
    switch (query->kind) {
      case v1::SALES_REPORT_RECORD_KIND_SALES:
      case v1::SALES_REPORT_RECORD_KIND_INVOICED_SALES:
      case v1::SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES:
        page(SalesReportStore::DrillSales, response->mutable_sales());
        break;
      case v1::SALES_REPORT_RECORD_KIND_PAYMENTS:
        page(SalesReportStore::DrillPayments, response->mutable_payments());
        break;
      case v1::SALES_REPORT_RECORD_KIND_OPEN_CONTACTS:
        page(SalesReportStore::DrillOpenContacts, response->mutable_open_contacts());
        break;
      case v1::SALES_REPORT_RECORD_KIND_CLIENTS:
      case v1::SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS:
        page(SalesReportStore::DrillCountedClients, response->mutable_clients());
        break;
      case v1::SALES_REPORT_RECORD_KIND_RATINGS:
        page(SalesReportStore::DrillRatings, response->mutable_ratings());
        break;
      default:
        page(SalesReportStore::DrillContacts, response->mutable_contacts());
    }
    tx.commit();
  });
}

grpc::Status AnalyticsApi::ListReportClients(
    grpc::ServerContext* context, const crm::analytics::v1::ListReportClientsRequest* request,
    crm::analytics::v1::ListReportClientsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const common::api::TimePage paging =
        common::api::ReadTimePage(violations, *request, caller.subject);
    const auto query = domain::ReadClientDrillRequest(violations, *request);
    violations.ThrowIfAny();
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    // The report's own reach: the funnel's over the assessments the caller reaches, the market
    // analysis's only for who reads every report.
    const common::auth::ListScope reach = ReachOf(tx, caller);
    if (!domain::IsFunnelFigure(query->figure) && !reach.all) {
      throw common::PermissionError(
          "the market analysis covers the whole base: analysts and admins read it");
    }
    // An edition the projection knows nothing of is not found, as by the funnel itself.
    if (!query->edition.empty() && !SalesReportStore::EditionDisplayName(tx, query->edition)) {
      throw common::NotFoundError(query->edition);
    }
    TakePage(SalesReportStore::DrillClients(tx, *query, reach, paging.after, paging.page_size + 1),
             paging, response->mutable_clients(), response->mutable_next_page_token());
    tx.commit();
  });
}

grpc::Status AnalyticsApi::GetReadinessFunnel(
    grpc::ServerContext* context, const crm::analytics::v1::GetReadinessFunnelRequest* request,
    crm::analytics::v1::ReadinessFunnel* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string edition = domain::ValidateFunnelRequest(*request);
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    const common::auth::ListScope reach = ReachOf(tx, caller);
    auto display_name = SalesReportStore::EditionDisplayName(tx, edition);
    if (!display_name) {
      throw common::NotFoundError(edition);
    }
    auto cells = SalesReportStore::Funnel(tx, edition, reach);
    tx.commit();
    *response = domain::AssembleFunnel(edition, *display_name, std::move(cells), ScopeText(reach));
  });
}

grpc::Status AnalyticsApi::GetLeadSourceReport(
    grpc::ServerContext* context, const crm::analytics::v1::GetLeadSourceReportRequest* request,
    crm::analytics::v1::LeadSourceReport* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const domain::SalesReportQuery query = domain::ValidateLeadSourceRequest(*request);
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    const common::auth::ListScope reach = ReachOf(tx, caller);
    auto cells = SalesReportStore::LeadSources(tx, query, reach);
    tx.commit();
    *response = domain::AssembleLeadSourceReport(*request, query, cells, ScopeText(reach));
  });
}

grpc::Status AnalyticsApi::GetRatingReport(
    grpc::ServerContext* context, const crm::analytics::v1::GetRatingReportRequest* request,
    crm::analytics::v1::RatingReport* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const domain::RatingQuery query = domain::ValidateRatingRequest(*request);
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    const common::auth::ListScope reach = ReachOf(tx, caller);
    auto cells = SalesReportStore::RatingDistribution(tx, query, reach);
    tx.commit();
    *response = domain::AssembleRatingReport(*request, std::move(cells), ScopeText(reach));
  });
}

grpc::Status AnalyticsApi::GetMarketAnalysis(
    grpc::ServerContext* context, const crm::analytics::v1::GetMarketAnalysisRequest* request,
    crm::analytics::v1::MarketAnalysis* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string project = domain::ValidateMarketRequest(*request);
    auto lease = pool_.Acquire();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*lease);
    // The whole base: only who reads every report.
    if (!ReachOf(tx, caller).all) {
      throw common::PermissionError(
          "the market analysis covers the whole base: analysts and admins read it");
    }
    domain::MarketFigures figures = MarketStore::Figures(tx, project);
    tx.commit();
    *response = domain::AssembleMarket(project, std::move(figures));
  });
}

}  // namespace crm::analytics
