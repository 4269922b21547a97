#include "services/analytics/domain/report.h"

#include <algorithm>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/share.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {
namespace {

using google::protobuf::Timestamp;

bool Before(const Timestamp& a, const Timestamp& b) {
  return a.seconds() != b.seconds() ? a.seconds() < b.seconds() : a.nanos() < b.nanos();
}

// True when `end` is more than kMaxWindowSeconds after `start` (which is before it).
bool LongerThanMaxWindow(const Timestamp& start, const Timestamp& end) {
  int64_t seconds = end.seconds() - start.seconds();
  return seconds > kMaxWindowSeconds ||
         (seconds == kMaxWindowSeconds && end.nanos() > start.nanos());
}

void Sort(std::vector<KeyCount>& counts) {
  std::sort(counts.begin(), counts.end(),
            [](const KeyCount& a, const KeyCount& b) { return a.key < b.key; });
}

}  // namespace

crm::common::v1::Money Roubles(int64_t kopecks) {
  crm::common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(kopecks);
  return money;
}

std::optional<Period> ReadPeriod(common::Violations& violations, bool has_start,
                                 const Timestamp& start, bool has_end, const Timestamp& end) {
  bool start_ok = false;
  bool end_ok = false;
  if (!has_start) {
    violations.Add("start_time", "must be set");
  } else if (!IsValidTimestamp(start)) {
    violations.Add("start_time", "is not a valid timestamp");
  } else {
    start_ok = true;
  }
  if (!has_end) {
    violations.Add("end_time", "must be set");
  } else if (!IsValidTimestamp(end)) {
    violations.Add("end_time", "is not a valid timestamp");
  } else {
    end_ok = true;
  }
  if (!start_ok || !end_ok) {
    return std::nullopt;
  }
  if (!Before(start, end)) {
    violations.Add("end_time", "must be after start_time");
    return std::nullopt;
  }
  if (LongerThanMaxWindow(start, end)) {
    violations.Add("end_time", "must be at most 366 days after start_time");
    return std::nullopt;
  }
  return Period{Rfc3339(start), Rfc3339(end)};
}

std::optional<Timestamp> PreviousStart(const Timestamp& start, const Timestamp& end) {
  // start − (end − start), normalised; checked before anything formats it.
  int64_t seconds = 2 * start.seconds() - end.seconds();
  int64_t nanos = 2 * static_cast<int64_t>(start.nanos()) - end.nanos();
  constexpr int64_t kNanosPerSecond = 1'000'000'000;
  while (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  while (nanos >= kNanosPerSecond) {
    nanos -= kNanosPerSecond;
    ++seconds;
  }
  Timestamp previous;
  previous.set_seconds(seconds);
  previous.set_nanos(static_cast<int32_t>(nanos));
  if (!IsValidTimestamp(previous)) {
    return std::nullopt;
  }
  return previous;
}

ReportQuery ValidateReportRequest(const crm::analytics::v1::GetManagerReportRequest& request) {
  common::Violations violations;
  ReportQuery query;
  if (auto id = common::ParseResourceId(request.manager(), "employees")) {
    query.manager_id = *id;
  } else {
    violations.Add("manager", "must be employees/{uuid}");
  }
  auto period = ReadPeriod(violations, request.has_start_time(), request.start_time(),
                           request.has_end_time(), request.end_time());
  violations.ThrowIfAny();
  query.start_rfc3339 = period->start_rfc3339;
  query.end_rfc3339 = period->end_rfc3339;
  return query;
}

crm::analytics::v1::ManagerReport AssembleReport(
    const crm::analytics::v1::GetManagerReportRequest& request, std::vector<KeyCount> by_type,
    std::vector<KeyCount> by_result, int64_t open_contacts, const SalesTotals& sales) {
  Sort(by_type);
  Sort(by_result);
  crm::analytics::v1::ManagerReport report;
  report.set_manager(request.manager());
  *report.mutable_start_time() = request.start_time();
  *report.mutable_end_time() = request.end_time();
  int64_t completed = 0;
  int64_t sale_results = 0;
  for (const auto& c : by_type) {
    auto* out = report.add_contacts_by_type();
    out->set_key(c.key);
    out->set_count(c.count);
  }
  for (const auto& c : by_result) {
    auto* out = report.add_contacts_by_result();
    out->set_key(c.key);
    out->set_count(c.count);
    completed += c.count;
    if (c.key == "sale") {
      sale_results += c.count;
    }
  }
  report.set_open_contacts(open_contacts);
  report.set_sales_count(sales.count);
  report.set_area_dm2(sales.area_dm2);
  *report.mutable_net_amount() = Roubles(sales.net_kopecks);
  *report.mutable_total_amount() = Roubles(sales.total_kopecks);
  report.set_conversion_bp(common::ShareBp(sale_results, completed));
  return report;
}

}  // namespace crm::analytics::domain
