#include "services/analytics/domain/drill.h"

#include <algorithm>

#include "services/analytics/domain/rating_report.h"

namespace crm::analytics::domain {
namespace {

// A lead source as registry names it: upper-case letters, digits and underscores ("" unknown).
bool IsLeadSourceKey(const std::string& key) {
  return key.size() <= 100 && std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// The violations of a drill from a lead-source row or a rating bucket.
void CheckSelection(common::Violations& violations,
                    const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  if (request.has_lead_source() && !IsLeadSourceKey(request.lead_source())) {
    violations.Add("lead_source", "must be a lead source name (LEAD_SOURCE_KIND_...) or empty");
  }
  if (request.has_lead_source() && request.kind() == v1::SALES_REPORT_RECORD_KIND_PAYMENTS) {
    violations.Add("kind", "a lead source lists SALES or CONTACTS");
  }
  if (request.rating_score() != 0) {
    if (request.rating_score() < 1 || request.rating_score() > 5) {
      violations.Add("rating_score", "must be 1 to 5");
    }
    if (request.has_lead_source()) {
      violations.Add("rating_score", "must not be given with lead_source");
    }
    if (request.kind() != v1::SALES_REPORT_RECORD_KIND_SALES) {
      violations.Add("kind", "a rating score lists SALES only");
    }
    if (!request.edition().empty()) {
      violations.Add("edition", "the rating report has no edition filter");
    }
    if (!request.department().empty()) {
      violations.Add("department", "the rating report has no department filter");
    }
    if (request.previous()) {
      violations.Add("previous", "the rating report has no previous period");
    }
    AddRatingTargetViolation(violations, "rating_target", request.rating_target());
  } else if (!request.rating_target().empty()) {
    violations.Add("rating_target", "is read only with rating_score");
  }
}

}  // namespace

std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  const bool selection = request.has_lead_source() || request.rating_score() != 0;
  v1::GetSalesReportRequest report;
  if (request.has_start_time()) {
    *report.mutable_start_time() = request.start_time();
  }
  if (request.has_end_time()) {
    *report.mutable_end_time() = request.end_time();
  }
  // A lead-source row or a rating bucket is its own selection: no grouping is read.
  report.set_group_by(selection && request.group_by() == v1::SALES_REPORT_GROUPING_UNSPECIFIED
                          ? v1::SALES_REPORT_GROUPING_MANAGER
                          : request.group_by());
  report.set_edition(request.edition());
  report.set_department(request.department());
  std::optional<SalesReportQuery> query;
  violations.Collect([&] { query = ValidateSalesReportRequest(report); });
  if (request.kind() == v1::SALES_REPORT_RECORD_KIND_UNSPECIFIED ||
      !v1::SalesReportRecordKind_IsValid(request.kind())) {
    violations.Add("kind", "must be SALES, CONTACTS or PAYMENTS");
  } else if (!selection && request.kind() == v1::SALES_REPORT_RECORD_KIND_CONTACTS &&
             !request.total() && request.group_by() == v1::SALES_REPORT_GROUPING_STAND_TYPE) {
    violations.Add("key", "contacts have no stand type: only the total lists them");
  }
  CheckSelection(violations, request);
  if (!query || !violations.empty()) {
    return std::nullopt;
  }
  DrillQuery drill{.report = *query, .kind = request.kind()};
  drill.period = request.previous()
                     ? Period{query->previous_start_rfc3339, query->current.start_rfc3339}
                     : query->current;
  if (request.has_lead_source()) {
    drill.lead_source = request.lead_source();
  } else if (request.rating_score() != 0) {
    drill.rating_score = request.rating_score();
    drill.rating_target = request.rating_target();
  } else if (!request.total()) {
    drill.key = request.key();
  }
  return drill;
}

}  // namespace crm::analytics::domain
