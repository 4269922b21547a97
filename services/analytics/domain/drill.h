#pragma once

#include <optional>
#include <string>

#include "common/core/errors.h"
#include "crm/analytics/v1/analytics.pb.h"
#include "services/analytics/domain/sales_report.h"

// The drill-down of the period sales report (ListSalesReportRecords): which records a request
// asks for. Pure; the records are the ones the report's sections count (store/sql/drill.sql).
namespace crm::analytics::domain {

struct DrillQuery {
  // The report's filters and grouping.
  SalesReportQuery report;
  // The period listed: the report's or the previous one.
  Period period;
  // The row's key; nullopt for the total (every row).
  std::optional<std::string> key;
  crm::analytics::v1::SalesReportRecordKind kind =
      crm::analytics::v1::SALES_REPORT_RECORD_KIND_UNSPECIFIED;
};

// Adds every violation: the sales report's (the period, "group_by", "edition", "department"),
// "kind" (unset or unknown) and "key" (contacts of a stand type: contacts have none, only the
// total lists them). nullopt when any.
std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request);

}  // namespace crm::analytics::domain
