#include "services/analytics/domain/drill.h"

namespace crm::analytics::domain {

std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  v1::GetSalesReportRequest report;
  if (request.has_start_time()) {
    *report.mutable_start_time() = request.start_time();
  }
  if (request.has_end_time()) {
    *report.mutable_end_time() = request.end_time();
  }
  report.set_group_by(request.group_by());
  report.set_edition(request.edition());
  report.set_department(request.department());
  std::optional<SalesReportQuery> query;
  violations.Collect([&] { query = ValidateSalesReportRequest(report); });
  if (request.kind() == v1::SALES_REPORT_RECORD_KIND_UNSPECIFIED ||
      !v1::SalesReportRecordKind_IsValid(request.kind())) {
    violations.Add("kind", "must be SALES or CONTACTS");
  } else if (request.kind() == v1::SALES_REPORT_RECORD_KIND_CONTACTS && !request.total() &&
             request.group_by() == v1::SALES_REPORT_GROUPING_STAND_TYPE) {
    violations.Add("key", "contacts have no stand type: only the total lists them");
  }
  if (!query || !violations.empty()) {
    return std::nullopt;
  }
  DrillQuery drill{.report = *query, .kind = request.kind()};
  drill.period = request.previous()
                     ? Period{query->previous_start_rfc3339, query->current.start_rfc3339}
                     : query->current;
  if (!request.total()) {
    drill.key = request.key();
  }
  return drill;
}

}  // namespace crm::analytics::domain
