#include "services/analytics/domain/market.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/share.h"
#include "common/core/text.h"
#include "services/analytics/domain/projection.h"

namespace crm::analytics::domain {
namespace {

std::string IdOf(const std::string& name, const char* collection, const std::string& field,
                 common::Violations& violations) {
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    violations.Add(field, std::string("must be ") + collection + "/{uuid}");
    return {};
  }
  return common::LowerAscii(*id);
}

void AddSegments(const std::vector<SegmentCell>& cells,
                 google::protobuf::RepeatedPtrField<crm::analytics::v1::MarketSegment>* out) {
  for (const auto& cell : cells) {
    auto* segment = out->Add();
    segment->set_key(cell.key);
    segment->set_clients(cell.clients);
    segment->set_exhibitors(cell.exhibitors);
    segment->set_area_dm2(cell.area_dm2);
  }
}

void SortByClients(std::vector<SegmentCell>& cells) {
  std::sort(cells.begin(), cells.end(), [](const SegmentCell& a, const SegmentCell& b) {
    return std::make_tuple(-a.clients, a.key) < std::make_tuple(-b.clients, b.key);
  });
}

int SizeBandRank(const std::string& key) {
  static const std::vector<std::string> kBands = {"<9", "9-18", "18-36", "36+"};
  auto it = std::find(kBands.begin(), kBands.end(), key);
  return static_cast<int>(it - kBands.begin());
}

}  // namespace

std::string OkvedDivision(const std::string& code) {
  if (code.size() >= 2 && std::isdigit(static_cast<unsigned char>(code[0])) != 0 &&
      std::isdigit(static_cast<unsigned char>(code[1])) != 0) {
    return code.substr(0, 2);
  }
  return {};
}

ClientRow ClientRowOf(const crm::events::v1::ClientSnapshot& snapshot, const char* field,
                      const std::string& created_time) {
  common::Violations violations;
  ClientRow row;
  row.id = IdOf(snapshot.client(), "clients", std::string(field) + ".client", violations);
  violations.ThrowIfAny();
  row.display_name = snapshot.display_name();
  row.region_code = snapshot.region_code();
  row.federal_district_code = snapshot.federal_district_code();
  // The main activity: the first OKVED code, else the industry code.
  row.industry = OkvedDivision(snapshot.okved_codes().empty() ? snapshot.industry_code()
                                                              : snapshot.okved_codes(0));
  row.lead_source_kind = snapshot.lead_source_kind();
  row.version = snapshot.version();
  row.created_rfc3339 = created_time;
  return row;
}

ParticipationRow ParticipationRowOf(const crm::events::v1::ParticipationSnapshot& snapshot) {
  common::Violations violations;
  ParticipationRow row;
  if (auto ids =
          common::ParseChildResourceId(snapshot.participation(), "clients", "participations")) {
    row.id = common::LowerAscii(ids->second);
  } else {
    violations.Add("participation.participation", "must be clients/{uuid}/participations/{uuid}");
  }
  row.client_id = IdOf(snapshot.client(), "clients", "participation.client", violations);
  if (!snapshot.edition().empty()) {
    if (IsEditionName(snapshot.edition())) {
      row.edition = snapshot.edition();
    } else {
      violations.Add("participation.edition", "must be projects/{uuid}/editions/{uuid}");
    }
  } else if (!snapshot.competitor_exhibition().empty()) {
    row.competitor_exhibition = IdOf(snapshot.competitor_exhibition(), "competitorExhibitions",
                                     "participation.competitor_exhibition", violations);
  } else {
    violations.Add("participation.edition", "must be set, or competitor_exhibition");
  }
  if (snapshot.area_dm2() < 0) {
    violations.Add("participation.area_dm2", "must not be negative");
  }
  violations.ThrowIfAny();
  row.year = snapshot.year();
  row.area_dm2 = snapshot.area_dm2();
  return row;
}

CompetitorRow CompetitorRowOf(const crm::events::v1::CompetitorExhibitionSnapshot& snapshot) {
  common::Violations violations;
  CompetitorRow row;
  row.id = IdOf(snapshot.competitor_exhibition(), "competitorExhibitions",
                "competitor_exhibition.competitor_exhibition", violations);
  violations.ThrowIfAny();
  row.display_name = snapshot.display_name();
  return row;
}

std::string ValidateMarketRequest(const crm::analytics::v1::GetMarketAnalysisRequest& request) {
  if (request.project().empty()) {
    return {};
  }
  common::Violations violations;
  if (!common::ParseResourceId(request.project(), "projects")) {
    violations.Add("project", "must be projects/{uuid}");
  }
  violations.ThrowIfAny();
  return request.project();
}

crm::analytics::v1::MarketAnalysis AssembleMarket(const std::string& project,
                                                  MarketFigures figures) {
  crm::analytics::v1::MarketAnalysis out;
  out.set_project(project);
  out.set_clients(figures.clients);
  out.set_exhibitors(figures.exhibitors);
  SortByClients(figures.by_federal_district);
  SortByClients(figures.by_region);
  SortByClients(figures.by_industry);
  std::sort(figures.by_size.begin(), figures.by_size.end(),
            [](const SegmentCell& a, const SegmentCell& b) {
              return SizeBandRank(a.key) < SizeBandRank(b.key);
            });
  AddSegments(figures.by_federal_district, out.mutable_by_federal_district());
  AddSegments(figures.by_region, out.mutable_by_region());
  AddSegments(figures.by_industry, out.mutable_by_industry());
  AddSegments(figures.by_size, out.mutable_by_size());

  std::sort(figures.competitors.begin(), figures.competitors.end(),
            [](const auto& a, const auto& b) {
              return std::make_tuple(-std::get<2>(a), std::get<0>(a)) <
                     std::make_tuple(-std::get<2>(b), std::get<0>(b));
            });
  for (const auto& [id, name, clients, also_ours] : figures.competitors) {
    auto* competitor = out.add_competitors();
    competitor->set_competitor_exhibition("competitorExhibitions/" + id);
    competitor->set_display_name(name);
    competitor->set_clients(clients);
    competitor->set_also_ours(also_ours);
  }

  for (const auto& cell : figures.editions) {
    auto* edition = out.add_editions();
    edition->set_edition(cell.edition);
    edition->set_display_name(cell.display_name);
    if (auto date = common::api::ParseIsoDate(cell.start_date)) {
      *edition->mutable_start_date() = common::api::ProtoDate(*date);
    }
    edition->set_exhibitors(cell.exhibitors);
    edition->set_area_dm2(cell.area_dm2);
    edition->set_retained(cell.retained);
    edition->set_churned(cell.churned);
    edition->set_new_exhibitors(cell.new_exhibitors);
    edition->set_retention_bp(common::ShareBp(cell.retained, cell.previous_exhibitors));
    auto sources = figures.new_by_lead_source[cell.edition];
    std::sort(sources.begin(), sources.end(), [](const KeyCount& a, const KeyCount& b) {
      return std::make_tuple(-a.count, a.key) < std::make_tuple(-b.count, b.key);
    });
    for (const auto& source : sources) {
      auto* count = edition->add_new_by_lead_source();
      count->set_key(source.key);
      count->set_count(source.count);
    }
  }

  int64_t total = 0;
  for (const auto& [year, added] : figures.growth) {
    total += added;
    auto* growth = out.add_growth();
    growth->set_year(year);
    growth->set_added(added);
    growth->set_total(total);
  }
  return out;
}

}  // namespace crm::analytics::domain
