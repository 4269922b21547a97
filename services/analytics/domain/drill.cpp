#include "services/analytics/domain/drill.h"

#include <algorithm>
#include <array>

#include "common/core/ids.h"
#include "common/core/text.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/rating_report.h"

namespace crm::analytics::domain {
namespace {

// A lead source as registry names it: upper-case letters, digits and underscores ("" unknown).
bool IsLeadSourceKey(const std::string& key) {
  return key.size() <= 100 && std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// A known value's name of `descriptor` other than its UNSPECIFIED one.
bool IsEnumName(const google::protobuf::EnumDescriptor* descriptor, const std::string& name) {
  const auto* value = descriptor->FindValueByName(name);
  return value != nullptr && value->number() != 0;
}

// A contact's result kind as planning names it: lower-case letters and underscores.
bool IsResultKind(const std::string& kind) {
  return !kind.empty() && kind.size() <= 50 && std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
}

// A refusal_reasons key: a RefusalReason name or a catalogue entry "refusalReasons/{uuid}".
bool IsRefusalReasonKey(const std::string& key) {
  return key.rfind("REFUSAL_REASON_", 0) == 0
             ? IsLeadSourceKey(key)
             : common::ParseResourceId(key, "refusalReasons").has_value();
}

// The violations of the manager report's and the refusal reasons' selectors.
void CheckContactSelection(common::Violations& violations,
                           const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  const bool completed = request.kind() == v1::SALES_REPORT_RECORD_KIND_CONTACTS;
  if (!request.contact_type().empty()) {
    if (!IsEnumName(crm::planning::v1::ContactType_descriptor(), request.contact_type())) {
      violations.Add("contact_type", "must be a contact type name (CONTACT_TYPE_...)");
    }
    if (!completed && request.kind() != v1::SALES_REPORT_RECORD_KIND_OPEN_CONTACTS) {
      violations.Add("contact_type", "is read only with kind CONTACTS or OPEN_CONTACTS");
    }
  }
  if (!request.result_kind().empty()) {
    if (!IsResultKind(request.result_kind())) {
      violations.Add("result_kind", "must be a contact result kind (sale, refusal, ...)");
    }
    if (!completed) {
      violations.Add("result_kind", "is read only with kind CONTACTS");
    }
  }
  if (!request.refusal_reason().empty()) {
    if (!IsRefusalReasonKey(request.refusal_reason())) {
      violations.Add("refusal_reason",
                     "must be a refusal reason (REFUSAL_REASON_...) or refusalReasons/{uuid}");
    }
    if (!completed) {
      violations.Add("refusal_reason", "is read only with kind CONTACTS");
    }
  }
}

// Whether `kind` is one of `kinds`.
bool KindIn(crm::analytics::v1::SalesReportRecordKind kind,
            std::initializer_list<crm::analytics::v1::SalesReportRecordKind> kinds) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// The violations of a drill from a rating bucket or the rating report's clients.
void CheckRatingSelection(common::Violations& violations,
                          const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  if (request.rating_score() != 0) {
    if (request.rating_score() < 1 || request.rating_score() > 5) {
      violations.Add("rating_score", "must be 1 to 5");
    }
    if (request.has_lead_source()) {
      violations.Add("rating_score", "must not be given with lead_source");
    }
    if (!KindIn(request.kind(),
                {v1::SALES_REPORT_RECORD_KIND_SALES, v1::SALES_REPORT_RECORD_KIND_CLIENTS,
                 v1::SALES_REPORT_RECORD_KIND_RATINGS})) {
      violations.Add("kind", "a rating score lists SALES, CLIENTS or RATINGS");
    }
  }
  if (request.rating_total()) {
    if (request.rating_score() != 0 || request.has_lead_source()) {
      violations.Add("rating_total", "must not be given with rating_score or lead_source");
    }
    if (request.kind() != v1::SALES_REPORT_RECORD_KIND_CLIENTS) {
      violations.Add("kind", "the rating report's clients are listed as CLIENTS");
    }
  }
  if (request.rating_score() != 0 || request.rating_total()) {
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
  } else {
    if (!request.rating_target().empty()) {
      violations.Add("rating_target", "is read only with rating_score or rating_total");
    }
    if (request.kind() == v1::SALES_REPORT_RECORD_KIND_RATINGS) {
      violations.Add("kind", "RATINGS are a rating score's: give rating_score");
    }
  }
}

// The violations of a drill from a lead-source row or a rating bucket.
void CheckSelection(common::Violations& violations,
                    const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  if (request.has_lead_source() && !IsLeadSourceKey(request.lead_source())) {
    violations.Add("lead_source", "must be a lead source name (WEBSITE, REFERRAL, ...) or empty");
  }
  if (request.has_lead_source() &&
      !KindIn(
          request.kind(),
          {v1::SALES_REPORT_RECORD_KIND_SALES, v1::SALES_REPORT_RECORD_KIND_CONTACTS,
           v1::SALES_REPORT_RECORD_KIND_CLIENTS, v1::SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS})) {
    violations.Add("kind", "a lead source lists SALES, CONTACTS, CLIENTS or CONVERTED_CLIENTS");
  }
  if (!request.has_lead_source() &&
      request.kind() == v1::SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS) {
    violations.Add("kind", "CONVERTED_CLIENTS are a lead source's: give lead_source");
  }
  CheckRatingSelection(violations, request);
}

}  // namespace

std::optional<DrillQuery> ReadDrillRequest(
    common::Violations& violations,
    const crm::analytics::v1::ListSalesReportRecordsRequest& request) {
  namespace v1 = crm::analytics::v1;
  const bool selection =
      request.has_lead_source() || request.rating_score() != 0 || request.rating_total();
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
    violations.Add("kind", "must be a record kind (SALES_REPORT_RECORD_KIND_...)");
  } else if (!selection &&
             KindIn(request.kind(), {v1::SALES_REPORT_RECORD_KIND_CONTACTS,
                                     v1::SALES_REPORT_RECORD_KIND_OPEN_CONTACTS,
                                     v1::SALES_REPORT_RECORD_KIND_CLIENTS}) &&
             !request.total() && request.group_by() == v1::SALES_REPORT_GROUPING_STAND_TYPE) {
    violations.Add("key", "contacts have no stand type: only the total lists them");
  }
  CheckSelection(violations, request);
  CheckContactSelection(violations, request);
  if (!query || !violations.empty()) {
    return std::nullopt;
  }
  DrillQuery drill{.report = *query, .kind = request.kind()};
  drill.period = request.previous()
                     ? Period{query->previous_start_rfc3339, query->current.start_rfc3339}
                     : query->current;
  if (request.has_lead_source()) {
    drill.lead_source = request.lead_source();
  } else if (request.rating_score() != 0 || request.rating_total()) {
    drill.rating_score = request.rating_score();
    drill.rating_target = request.rating_target();
  } else if (!request.total()) {
    drill.key = request.key();
  }
  auto unless_empty = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };
  drill.contact_type = unless_empty(request.contact_type());
  drill.result_kind = unless_empty(request.result_kind());
  drill.refusal_reason = unless_empty(request.refusal_reason());
  return drill;
}

bool IsFunnelFigure(crm::analytics::v1::ReportClientFigure figure) {
  return figure == crm::analytics::v1::REPORT_CLIENT_FIGURE_READINESS_LEVEL;
}

namespace {

namespace v1 = crm::analytics::v1;

// Whether the figure is an edition row of the market analysis.
bool IsEditionFigure(v1::ReportClientFigure figure) {
  return figure == v1::REPORT_CLIENT_FIGURE_EDITION_EXHIBITORS ||
         figure == v1::REPORT_CLIENT_FIGURE_EDITION_RETAINED ||
         figure == v1::REPORT_CLIENT_FIGURE_EDITION_CHURNED ||
         figure == v1::REPORT_CLIENT_FIGURE_EDITION_NEW;
}

bool IsYear(const std::string& key) {
  return !key.empty() && key.size() <= 4 && key[0] != '0' &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The violation of the figure's `key`, if any.
void CheckFigureKey(common::Violations& violations, const v1::ListReportClientsRequest& request) {
  static const std::array<std::string, 4> kSizeBands = {"<9", "9-18", "18-36", "36+"};
  const std::string& key = request.key();
  switch (request.figure()) {
    case v1::REPORT_CLIENT_FIGURE_READINESS_LEVEL:
      if (!IsEnumName(crm::planning::v1::ReadinessLevel_descriptor(), key)) {
        violations.Add("key", "must be a readiness level (READINESS_LEVEL_...)");
      }
      break;
    case v1::REPORT_CLIENT_FIGURE_FEDERAL_DISTRICT:
    case v1::REPORT_CLIENT_FIGURE_REGION:
    case v1::REPORT_CLIENT_FIGURE_INDUSTRY: {
      std::string segment = key;
      if (auto problem = common::CheckText(segment, {.max_characters = 100})) {
        violations.Add("key", *problem);
      }
      break;
    }
    case v1::REPORT_CLIENT_FIGURE_SIZE:
      if (std::find(kSizeBands.begin(), kSizeBands.end(), key) == kSizeBands.end()) {
        violations.Add("key", "must be a size band: <9, 9-18, 18-36 or 36+");
      }
      break;
    case v1::REPORT_CLIENT_FIGURE_COMPETITOR:
      if (!common::ParseResourceId(key, "competitorExhibitions")) {
        violations.Add("key", "must be a competitor's exhibition: competitorExhibitions/{uuid}");
      }
      break;
    case v1::REPORT_CLIENT_FIGURE_GROWTH_ADDED:
      if (!IsYear(key)) {
        violations.Add("key", "must be a year");
      }
      break;
    default:
      if (!key.empty()) {
        violations.Add("key", "is not read for this figure");
      }
  }
}

}  // namespace

std::optional<ClientDrillQuery> ReadClientDrillRequest(
    common::Violations& violations, const v1::ListReportClientsRequest& request) {
  const v1::ReportClientFigure figure = request.figure();
  if (figure == v1::REPORT_CLIENT_FIGURE_UNSPECIFIED || !v1::ReportClientFigure_IsValid(figure)) {
    violations.Add("figure", "must be a figure of the readiness funnel or the market analysis");
    return std::nullopt;
  }
  const bool needs_edition = IsFunnelFigure(figure) || IsEditionFigure(figure);
  if (needs_edition && !IsEditionName(request.edition())) {
    violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
  } else if (!needs_edition && !request.edition().empty()) {
    violations.Add("edition", "is read only for the funnel and an edition's figures");
  }
  if (IsFunnelFigure(figure) && !request.project().empty()) {
    violations.Add("project", "the readiness funnel has no project filter");
  } else if (!request.project().empty() &&
             !common::ParseResourceId(request.project(), "projects")) {
    violations.Add("project", "must be projects/{uuid}");
  }
  CheckFigureKey(violations, request);
  const bool has_narrower =
      IsFunnelFigure(figure) || figure == v1::REPORT_CLIENT_FIGURE_MARKET_BASE ||
      figure == v1::REPORT_CLIENT_FIGURE_FEDERAL_DISTRICT ||
      figure == v1::REPORT_CLIENT_FIGURE_REGION || figure == v1::REPORT_CLIENT_FIGURE_INDUSTRY ||
      figure == v1::REPORT_CLIENT_FIGURE_COMPETITOR;
  if (request.narrowed() && !has_narrower) {
    violations.Add("narrowed", "this figure has no narrower one");
  }
  if (request.has_lead_source()) {
    if (!IsLeadSourceKey(request.lead_source())) {
      violations.Add("lead_source", "must be a lead source name or empty");
    }
    if (figure != v1::REPORT_CLIENT_FIGURE_EDITION_NEW) {
      violations.Add("lead_source", "is read only with EDITION_NEW");
    }
  }
  if (!violations.empty()) {
    return std::nullopt;
  }
  ClientDrillQuery query{.figure = figure,
                         .edition = request.edition(),
                         .project = request.project(),
                         .key = request.key(),
                         .narrowed = request.narrowed()};
  if (request.has_lead_source()) {
    query.lead_source = request.lead_source();
  }
  return query;
}

}  // namespace crm::analytics::domain
