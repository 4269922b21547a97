#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crm/analytics/v1/analytics.pb.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/events/v1/registry_competitor_exhibition_events.pb.h"
#include "crm/events/v1/registry_participation_events.pb.h"
#include "services/analytics/domain/report.h"

// The market analysis: what the projection keeps of registry's clients and participations, what
// a valid request is, and how the grouped figures become the analysis. Pure.
namespace crm::analytics::domain {

struct ClientRow {
  std::string id;  // UUID
  std::string display_name;
  std::string region_code;
  std::string federal_district_code;
  std::string industry;  // the OKVED division: "41" of "41.20"
  std::string lead_source_kind;
  int32_t version = 0;
  std::string created_rfc3339;  // crm.registry.client.created's ce-time; "" otherwise
};

// `field` is the snapshot's path in its event, for the violations.
ClientRow ClientRowOf(const crm::events::v1::ClientSnapshot& snapshot, const char* field,
                      const std::string& created_time);

// The OKVED division of a code ("41.20.1" -> "41"); "" for text that does not start with two
// digits.
std::string OkvedDivision(const std::string& code);

struct ParticipationRow {
  std::string id;  // the participation's UUID
  std::string client_id;
  std::string edition;                // "" for a competitor's exhibition
  std::string competitor_exhibition;  // UUID; "" for ours
  int32_t year = 0;
  int64_t area_dm2 = 0;
};

ParticipationRow ParticipationRowOf(const crm::events::v1::ParticipationSnapshot& snapshot);

struct CompetitorRow {
  std::string id;  // UUID
  std::string display_name;
};

CompetitorRow CompetitorRowOf(const crm::events::v1::CompetitorExhibitionSnapshot& snapshot);

// The project filter (NULL in SQL when ""); throws common::ValidationError for a project that is
// not projects/{uuid}.
std::string ValidateMarketRequest(const crm::analytics::v1::GetMarketAnalysisRequest& request);

struct SegmentCell {
  std::string key;
  int64_t clients = 0;
  int64_t exhibitors = 0;
  int64_t area_dm2 = 0;
};

struct RetentionCell {
  std::string edition;
  std::string display_name;
  std::string start_date;  // "YYYY-MM-DD" or ""
  int64_t exhibitors = 0;
  int64_t area_dm2 = 0;
  int64_t retained = 0;
  int64_t churned = 0;
  int64_t previous_exhibitors = 0;
  int64_t new_exhibitors = 0;
};

struct MarketFigures {
  int64_t clients = 0;
  int64_t exhibitors = 0;
  std::vector<SegmentCell> by_federal_district;
  std::vector<SegmentCell> by_region;
  std::vector<SegmentCell> by_industry;
  std::vector<SegmentCell> by_size;
  // id, display name, clients, also ours.
  std::vector<std::tuple<std::string, std::string, int64_t, int64_t>> competitors;
  std::vector<RetentionCell> editions;  // oldest first
  // edition -> new exhibitors by lead source.
  std::map<std::string, std::vector<KeyCount>> new_by_lead_source;
  // year -> clients added.
  std::vector<std::pair<int32_t, int64_t>> growth;
};

// Segments by clients (largest first, then key), sizes in band order, competitors by clients,
// editions as given, growth with its running total.
crm::analytics::v1::MarketAnalysis AssembleMarket(const std::string& project,
                                                  MarketFigures figures);

}  // namespace crm::analytics::domain
