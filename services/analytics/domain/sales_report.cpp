#include "services/analytics/domain/sales_report.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/share.h"
#include "common/core/text.h"
#include "crm/planning/v1/assessments.pb.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {
namespace {

using crm::analytics::v1::SalesFigures;
using crm::analytics::v1::SalesReportGrouping;

void AddSales(SalesFigures& figures, const SalesCell& cell) {
  figures.set_sales_count(figures.sales_count() + cell.sales);
  figures.set_area_dm2(figures.area_dm2() + cell.area_dm2);
  *figures.mutable_net_amount() = Roubles(figures.net_amount().minor_units() + cell.net_kopecks);
  *figures.mutable_total_amount() =
      Roubles(figures.total_amount().minor_units() + cell.total_kopecks);
  *figures.mutable_invoiced_amount() =
      Roubles(figures.invoiced_amount().minor_units() + cell.invoiced_kopecks);
  *figures.mutable_received_amount() =
      Roubles(figures.received_amount().minor_units() + cell.received_kopecks);
  *figures.mutable_outstanding_amount() =
      Roubles(figures.outstanding_amount().minor_units() + cell.outstanding_kopecks);
}

void AddContacts(SalesFigures& figures, const ContactCell& cell) {
  figures.set_contacts_completed(figures.contacts_completed() + cell.completed);
  figures.set_positive_contacts(figures.positive_contacts() + cell.positive);
  figures.set_refusals(figures.refusals() + cell.refusals);
  figures.set_clients_contacted(figures.clients_contacted() + cell.clients);
}

// Money fields present (zero roubles) and effectiveness from the counts.
void Finish(SalesFigures& figures) {
  *figures.mutable_net_amount() = Roubles(figures.net_amount().minor_units());
  *figures.mutable_total_amount() = Roubles(figures.total_amount().minor_units());
  *figures.mutable_invoiced_amount() = Roubles(figures.invoiced_amount().minor_units());
  *figures.mutable_received_amount() = Roubles(figures.received_amount().minor_units());
  *figures.mutable_outstanding_amount() = Roubles(figures.outstanding_amount().minor_units());
  figures.set_effectiveness_bp(
      common::ShareBp(figures.positive_contacts(), figures.contacts_completed()));
}

int LevelRank(const std::string& level) {
  const auto* value = crm::planning::v1::ReadinessLevel_descriptor()->FindValueByName(level);
  // Hottest (the highest number) first; unknown levels after every known one.
  return value != nullptr ? -value->number() : 0;
}

}  // namespace

SalesReportQuery ValidateSalesReportRequest(
    const crm::analytics::v1::GetSalesReportRequest& request) {
  common::Violations violations;
  SalesReportQuery query;
  auto period = ReadPeriod(violations, request.has_start_time(), request.start_time(),
                           request.has_end_time(), request.end_time());
  if (request.group_by() == crm::analytics::v1::SALES_REPORT_GROUPING_UNSPECIFIED ||
      !crm::analytics::v1::SalesReportGrouping_IsValid(request.group_by())) {
    violations.Add("group_by", "must be MANAGER, DEPARTMENT, EDITION, STAND_TYPE or PROJECT_TEAM");
  }
  if (!request.edition().empty() && !IsEditionName(request.edition())) {
    violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
  }
  if (!request.department().empty()) {
    if (auto id = common::ParseResourceId(request.department(), "departments")) {
      query.department_id = common::LowerAscii(*id);
    } else {
      violations.Add("department", "must be departments/{uuid}");
    }
  }
  std::optional<google::protobuf::Timestamp> previous_start;
  if (period) {
    previous_start = PreviousStart(request.start_time(), request.end_time());
    if (!previous_start) {
      violations.Add("start_time", "leaves no room for the previous period before year 1");
    }
  }
  violations.ThrowIfAny();
  query.current = *period;
  query.previous_start_rfc3339 = Rfc3339(*previous_start);
  query.grouping = request.group_by();
  query.edition = request.edition();
  return query;
}

crm::analytics::v1::SalesReport AssembleSalesReport(
    const crm::analytics::v1::GetSalesReportRequest& request, const SalesReportQuery& query,
    const std::vector<SalesCell>& sales, const std::vector<ContactCell>& contacts,
    const std::map<std::string, std::string>& names, std::vector<KeyCount> refusal_reasons,
    const std::string& scope) {
  crm::analytics::v1::SalesReport report;
  *report.mutable_start_time() = request.start_time();
  *report.mutable_end_time() = request.end_time();
  google::protobuf::util::TimeUtil::FromString(query.previous_start_rfc3339,
                                               report.mutable_previous_start_time());
  report.set_group_by(query.grouping);
  report.set_scope(scope);

  std::map<std::string, crm::analytics::v1::SalesReportRow> rows;
  crm::analytics::v1::SalesReportRow total;
  auto figures_of = [&](bool is_total, const std::string& key,
                        bool current) -> crm::analytics::v1::SalesFigures& {
    auto& row = is_total ? total : rows[key];
    return current ? *row.mutable_current() : *row.mutable_previous();
  };
  for (const auto& cell : sales) {
    AddSales(figures_of(cell.total, cell.key, cell.current), cell);
  }
  const bool contacts_have_keys =
      query.grouping != crm::analytics::v1::SALES_REPORT_GROUPING_STAND_TYPE;
  for (const auto& cell : contacts) {
    if (!cell.total && !contacts_have_keys) {
      continue;
    }
    AddContacts(figures_of(cell.total, cell.key, cell.current), cell);
  }

  std::vector<crm::analytics::v1::SalesReportRow> ordered;
  ordered.reserve(rows.size());
  for (auto& [key, row] : rows) {
    row.set_key(key);
    auto name = names.find(key);
    row.set_display_name(name != names.end() ? name->second : key);
    Finish(*row.mutable_current());
    Finish(*row.mutable_previous());
    ordered.push_back(std::move(row));
  }
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-a.current().net_amount().minor_units(), a.key()) <
           std::make_tuple(-b.current().net_amount().minor_units(), b.key());
  });
  for (auto& row : ordered) {
    *report.add_rows() = std::move(row);
  }
  total.set_display_name("Итого");
  Finish(*total.mutable_current());
  Finish(*total.mutable_previous());
  *report.mutable_total() = std::move(total);

  std::sort(refusal_reasons.begin(), refusal_reasons.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-a.count, a.key) < std::make_tuple(-b.count, b.key);
  });
  for (const auto& reason : refusal_reasons) {
    auto* out = report.add_refusal_reasons();
    out->set_key(reason.key);
    out->set_count(reason.count);
  }
  return report;
}

std::string ValidateFunnelRequest(const crm::analytics::v1::GetReadinessFunnelRequest& request) {
  common::Violations violations;
  if (!IsEditionName(request.edition())) {
    violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
  }
  violations.ThrowIfAny();
  return request.edition();
}

crm::analytics::v1::ReadinessFunnel AssembleFunnel(const std::string& edition,
                                                   const std::string& edition_display_name,
                                                   std::vector<FunnelCell> cells,
                                                   const std::string& scope) {
  std::sort(cells.begin(), cells.end(), [](const FunnelCell& a, const FunnelCell& b) {
    return std::make_tuple(LevelRank(a.level), a.level) <
           std::make_tuple(LevelRank(b.level), b.level);
  });
  crm::analytics::v1::ReadinessFunnel funnel;
  funnel.set_edition(edition);
  funnel.set_edition_display_name(edition_display_name);
  funnel.set_scope(scope);
  for (const auto& cell : cells) {
    auto* stage = funnel.add_stages();
    stage->set_level(cell.level);
    stage->set_clients(cell.clients);
    stage->set_bought(cell.bought);
    stage->set_conversion_bp(common::ShareBp(cell.bought, cell.clients));
    stage->set_area_dm2(cell.area_dm2);
    *stage->mutable_net_amount() = Roubles(cell.net_kopecks);
  }
  return funnel;
}

}  // namespace crm::analytics::domain
