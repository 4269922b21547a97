#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crm/analytics/v1/analytics.pb.h"
#include "services/analytics/domain/report.h"

// The period sales report and the readiness funnel: what a valid request is, and how the grouped
// figures the store returns become the report. Pure. What a caller's figures cover is the shared
// rule (common/auth/access.h, Records::kReports, its read scope).
namespace crm::analytics::domain {

struct SalesReportQuery {
  Period current;
  // The previous period: the same length, ending at current.start.
  std::string previous_start_rfc3339;
  crm::analytics::v1::SalesReportGrouping grouping =
      crm::analytics::v1::SALES_REPORT_GROUPING_UNSPECIFIED;
  std::string edition;        // "" for every edition
  std::string department_id;  // "" for every department
};

// Throws common::ValidationError listing every problem: the period's (see ReadPeriod),
// "group_by" (unset or unknown), "edition" (not projects/{uuid}/editions/{uuid}), "department"
// (not departments/{uuid}).
SalesReportQuery ValidateSalesReportRequest(
    const crm::analytics::v1::GetSalesReportRequest& request);

// One grouped line of the store's answer: the figures of a group (`key`, "" for "none") or of the
// whole period (`total`), in the current or the previous period.
struct SalesCell {
  bool current = true;
  bool total = false;
  std::string key;
  int64_t sales = 0;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
  int64_t total_kopecks = 0;
  // Money with VAT: the current invoices of the sales, the standing payments dated in the period,
  // and what those sales' invoices still lack.
  int64_t invoiced_kopecks = 0;
  int64_t received_kopecks = 0;
  int64_t outstanding_kopecks = 0;
};

struct ContactCell {
  bool current = true;
  bool total = false;
  std::string key;
  int64_t completed = 0;
  int64_t positive = 0;
  int64_t refusals = 0;
  int64_t clients = 0;
};

// The report: a row per key seen in either period (contact cells keyed "" are left out of the
// rows when grouping by stand type: contacts have none), the total, refusal reasons most
// frequent first (then by key), rows by the current net amount (largest first) then by key.
// `names` gives rows their display names (a key without one shows the key).
crm::analytics::v1::SalesReport AssembleSalesReport(
    const crm::analytics::v1::GetSalesReportRequest& request, const SalesReportQuery& query,
    const std::vector<SalesCell>& sales, const std::vector<ContactCell>& contacts,
    const std::map<std::string, std::string>& names, std::vector<KeyCount> refusal_reasons,
    const std::string& scope);

// Throws common::ValidationError for an edition that is not projects/{uuid}/editions/{uuid}.
std::string ValidateFunnelRequest(const crm::analytics::v1::GetReadinessFunnelRequest& request);

struct FunnelCell {
  std::string level;  // "READINESS_LEVEL_HOT"
  int64_t clients = 0;
  int64_t bought = 0;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
};

// The funnel, hottest level first (levels newer than this build after the known ones, by name).
crm::analytics::v1::ReadinessFunnel AssembleFunnel(const std::string& edition,
                                                   const std::string& edition_display_name,
                                                   std::vector<FunnelCell> cells,
                                                   const std::string& scope);

}  // namespace crm::analytics::domain
