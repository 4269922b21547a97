#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/errors.h"
#include "crm/analytics/v1/analytics.pb.h"

// The manager report's rules: what a valid request is and the arithmetic on the counts and sums
// the store returns. Pure. Who reads whose report is the shared rule (common/auth/access.h,
// Records::kReports).
namespace crm::analytics::domain {

// The longest period a report covers: a year, leap day included.
inline constexpr int64_t kMaxWindowSeconds = 366LL * 24 * 60 * 60;

struct ReportQuery {
  std::string manager_id;  // the employee's UUID
  std::string start_rfc3339;
  std::string end_rfc3339;
};

// A report's period [start, end), as RFC 3339.
struct Period {
  std::string start_rfc3339;
  std::string end_rfc3339;
};

// The period of a request's start_time and end_time, adding violations of "start_time" /
// "end_time" (missing or not a valid timestamp) and "end_time" (not after start_time, or more
// than 366 days after it); nullopt when any.
std::optional<Period> ReadPeriod(common::Violations& violations, bool has_start,
                                 const google::protobuf::Timestamp& start, bool has_end,
                                 const google::protobuf::Timestamp& end);

// The start of the previous period of the same length as [start, end), ending at start; nullopt
// when it would be before year 1. Both must be valid timestamps.
std::optional<google::protobuf::Timestamp> PreviousStart(const google::protobuf::Timestamp& start,
                                                         const google::protobuf::Timestamp& end);

// Throws common::ValidationError listing every problem: "manager" (not employees/{uuid}),
// "start_time" / "end_time" (missing or not a valid timestamp), "end_time" (not after
// start_time, or more than 366 days after it).
ReportQuery ValidateReportRequest(const crm::analytics::v1::GetManagerReportRequest& request);

struct KeyCount {
  std::string key;
  int64_t count = 0;
};

struct SalesTotals {
  int64_t count = 0;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
  int64_t total_kopecks = 0;
};

// Kopecks as a Money in roubles.
crm::common::v1::Money Roubles(int64_t kopecks);

// The report from the sections the store computed: completed contacts by type and by result
// kind (each sorted by key here, so the output does not depend on the query plan), open
// contacts and sales. Conversion counts the "sale" results among all completed contacts.
crm::analytics::v1::ManagerReport AssembleReport(
    const crm::analytics::v1::GetManagerReportRequest& request, std::vector<KeyCount> by_type,
    std::vector<KeyCount> by_result, int64_t open_contacts, const SalesTotals& sales);

}  // namespace crm::analytics::domain
