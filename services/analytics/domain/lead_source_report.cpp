#include "services/analytics/domain/lead_source_report.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "common/core/share.h"

namespace crm::analytics::domain {
namespace {

void Add(crm::analytics::v1::LeadSourceFigures& f, const LeadSourceCell& cell) {
  f.set_clients_contacted(f.clients_contacted() + cell.clients_contacted);
  f.set_contacts_completed(f.contacts_completed() + cell.contacts);
  f.set_positive_contacts(f.positive_contacts() + cell.positive);
  f.set_sales_count(f.sales_count() + cell.sales);
  f.set_area_dm2(f.area_dm2() + cell.area_dm2);
  *f.mutable_net_amount() = Roubles(f.net_amount().minor_units() + cell.net_kopecks);
  *f.mutable_total_amount() = Roubles(f.total_amount().minor_units() + cell.total_kopecks);
  f.set_converted_clients(f.converted_clients() + cell.converted);
}

// Money present (zero roubles) and the shares from the counts.
void Finish(crm::analytics::v1::LeadSourceFigures& f) {
  *f.mutable_net_amount() = Roubles(f.net_amount().minor_units());
  *f.mutable_total_amount() = Roubles(f.total_amount().minor_units());
  f.set_effectiveness_bp(common::ShareBp(f.positive_contacts(), f.contacts_completed()));
  f.set_conversion_bp(common::ShareBp(f.converted_clients(), f.clients_contacted()));
}

}  // namespace

SalesReportQuery ValidateLeadSourceRequest(
    const crm::analytics::v1::GetLeadSourceReportRequest& request) {
  // The sales report's rules for the same fields; any grouping passes them.
  crm::analytics::v1::GetSalesReportRequest as_sales;
  if (request.has_start_time()) {
    *as_sales.mutable_start_time() = request.start_time();
  }
  if (request.has_end_time()) {
    *as_sales.mutable_end_time() = request.end_time();
  }
  as_sales.set_edition(request.edition());
  as_sales.set_department(request.department());
  as_sales.set_group_by(crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER);
  SalesReportQuery query = ValidateSalesReportRequest(as_sales);
  query.grouping = crm::analytics::v1::SALES_REPORT_GROUPING_UNSPECIFIED;
  return query;
}

crm::analytics::v1::LeadSourceReport AssembleLeadSourceReport(
    const crm::analytics::v1::GetLeadSourceReportRequest& request, const SalesReportQuery& query,
    const std::vector<LeadSourceCell>& cells, const std::string& scope) {
  crm::analytics::v1::LeadSourceReport report;
  *report.mutable_start_time() = request.start_time();
  *report.mutable_end_time() = request.end_time();
  google::protobuf::util::TimeUtil::FromString(query.previous_start_rfc3339,
                                               report.mutable_previous_start_time());
  report.set_scope(scope);
  std::map<std::string, crm::analytics::v1::LeadSourceRow> rows;
  crm::analytics::v1::LeadSourceRow total;
  for (const auto& cell : cells) {
    auto& row = cell.total ? total : rows[cell.key];
    Add(cell.current ? *row.mutable_current() : *row.mutable_previous(), cell);
  }
  std::vector<crm::analytics::v1::LeadSourceRow> ordered;
  ordered.reserve(rows.size());
  for (auto& [key, row] : rows) {
    row.set_lead_source(key);
    Finish(*row.mutable_current());
    Finish(*row.mutable_previous());
    ordered.push_back(std::move(row));
  }
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-a.current().net_amount().minor_units(), a.lead_source()) <
           std::make_tuple(-b.current().net_amount().minor_units(), b.lead_source());
  });
  for (auto& row : ordered) {
    *report.add_rows() = std::move(row);
  }
  Finish(*total.mutable_current());
  Finish(*total.mutable_previous());
  *report.mutable_total() = std::move(total);
  return report;
}

}  // namespace crm::analytics::domain
