#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/analytics/v1/analytics.pb.h"
#include "services/analytics/domain/sales_report.h"

// Lead-source effectiveness: what a valid request is and how the store's grouped figures become
// the report. Pure. What the caller's figures cover is the shared rule for reports, as for the
// sales report.
namespace crm::analytics::domain {

// Throws common::ValidationError listing every problem, with the sales report's rules and field
// paths: the period's ("start_time", "end_time"), "edition", "department". The query's grouping
// is unset.
SalesReportQuery ValidateLeadSourceRequest(
    const crm::analytics::v1::GetLeadSourceReportRequest& request);

// One lead source's (or the total's) figures in the current or the previous period.
struct LeadSourceCell {
  bool current = true;
  bool total = false;
  std::string key;
  int64_t clients_contacted = 0;
  int64_t contacts = 0;
  int64_t positive = 0;
  int64_t sales = 0;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
  int64_t total_kopecks = 0;
  int64_t converted = 0;
};

// A row per lead source seen in either period, by the current net amount (largest first), then
// by lead source; the total.
crm::analytics::v1::LeadSourceReport AssembleLeadSourceReport(
    const crm::analytics::v1::GetLeadSourceReportRequest& request, const SalesReportQuery& query,
    const std::vector<LeadSourceCell>& cells, const std::string& scope);

}  // namespace crm::analytics::domain
