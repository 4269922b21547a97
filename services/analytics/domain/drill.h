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
  // A lead-source report row's records instead of a sales report row's ("" the unknown source).
  std::optional<std::string> lead_source;
  // A rating report bucket's sales instead: the score (nullopt for none) and the target ("" all).
  std::optional<int> rating_score;
  std::string rating_target;
};

// Adds every violation: the sales report's (the period, "group_by" unless a lead source or a
// rating score is drilled, "edition", "department"), "kind" (unset or unknown; PAYMENTS of a
// lead source, anything but SALES of a rating score), "key" (contacts of a stand type: contacts
// have none, only the total lists them), "lead_source" (not a LeadSourceKind-like name),
// "rating_score" (not 1 to 5, or beside lead_source), "rating_target" (not a RatingTarget name,
// or without rating_score), "edition", "department" and "previous" beside a rating score (the
// rating report has none). nullopt when any.
std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request);

}  // namespace crm::analytics::domain
