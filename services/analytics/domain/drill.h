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
  // A rating report bucket's records instead: the score (0 every score: the report's clients;
  // nullopt for none) and the target ("" all).
  std::optional<int> rating_score;
  std::string rating_target;
  // A manager report's entry: only contacts of this type, of this result kind; a sales report's
  // refusal reason (its key). nullopt: any.
  std::optional<std::string> contact_type;
  std::optional<std::string> result_kind;
  std::optional<std::string> refusal_reason;
};

// Adds every violation: the sales report's (the period, "group_by" unless a lead source or a
// rating is drilled, "edition", "department"), "kind" (unset or unknown; for a lead source other
// than SALES, CONTACTS, CLIENTS and CONVERTED_CLIENTS, the last without one; for a rating score
// other than SALES, CLIENTS and RATINGS, the last without one; other than CLIENTS for
// rating_total), "key" (contacts or their clients of a stand type: contacts have none, only the
// total lists them), "lead_source" (not a LeadSourceKind-like name), "rating_score" (not 1 to 5,
// or beside lead_source), "rating_total" (beside rating_score or lead_source), "rating_target"
// (not a RatingTarget name, or without a rating drill), "edition", "department" and "previous"
// beside a rating drill (the rating report has none), "contact_type" (not a ContactType name, or
// for sales or payments),
// "result_kind" and "refusal_reason" (not a result kind or reason key, or beside another kind
// than CONTACTS). nullopt when any.
std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request);

// What ListReportClients lists: the figure and its selectors, checked.
struct ClientDrillQuery {
  crm::analytics::v1::ReportClientFigure figure =
      crm::analytics::v1::REPORT_CLIENT_FIGURE_UNSPECIFIED;
  std::string edition;  // "" when the figure reads none
  std::string project;  // "" every edition
  std::string key;
  bool narrowed = false;
  std::optional<std::string> lead_source;
};

// Whether the figure is the readiness funnel's (the reach of reports) rather than the market
// analysis's (analysts and admins only).
bool IsFunnelFigure(crm::analytics::v1::ReportClientFigure figure);

// Adds every violation: "figure" (unset or unknown), "edition" (missing for the funnel or an
// edition row, or given for another figure), "project" (not projects/{uuid}, or beside the
// funnel), "key" (not a readiness level, a size band, a competitor's exhibition or a year as the
// figure needs; given where none is read), "narrowed" (for a figure without a narrower one),
// "lead_source" (not a lead source name, or beside another figure than EDITION_NEW). nullopt when
// any.
std::optional<ClientDrillQuery> ReadClientDrillRequest(
    common::Violations& violations, const crm::analytics::v1::ListReportClientsRequest& request);

}  // namespace crm::analytics::domain
