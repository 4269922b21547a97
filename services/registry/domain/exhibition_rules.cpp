#include "services/registry/domain/exhibition_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

constexpr int64_t kMaxPricePerM2Kopecks = 100'000'000'000;
// A stand larger than 100 000 m² is a typo.
constexpr int64_t kMaxAreaDm2 = 10'000'000;

void CheckText(Violations& v, const std::string& path, std::string* value, bool required,
               std::size_t max_characters, bool line_breaks = false) {
  v.AddIf(path, registry::CheckText(*value, {.required = required,
                                             .max_characters = max_characters,
                                             .line_breaks = line_breaks}));
}

void CheckStandPrices(Violations& v, google::protobuf::RepeatedPtrField<v1::StandPrice>* prices) {
  std::map<int, v1::StandPrice> by_type;
  for (int i = 0; i < prices->size(); ++i) {
    const v1::StandPrice& price = prices->Get(i);
    const std::string path = "edition.stand_prices[" + std::to_string(i) + "]";
    if (!common::api::IsSpecified(price.stand_type())) {
      v.Add(path + ".stand_type", "must be a stand type (linear, corner, ...)");
    } else if (by_type.contains(price.stand_type())) {
      v.Add(path + ".stand_type", "is priced twice");
    }
    if (price.price_per_m2().currency_code() != "RUB") {
      v.Add(path + ".price_per_m2.currency_code", "must be RUB");
    }
    if (price.price_per_m2().minor_units() <= 0 ||
        price.price_per_m2().minor_units() > kMaxPricePerM2Kopecks) {
      v.Add(path + ".price_per_m2.minor_units",
            "must be a positive number of kopecks up to 100000000000");
    }
    by_type[price.stand_type()] = price;
  }
  prices->Clear();
  for (auto& [type, price] : by_type) {
    *prices->Add() = price;
  }
}

void CheckOptionalDates(Violations& v, const std::string& prefix,
                        const v1::CompetitorExhibition& exhibition) {
  const bool has_start = exhibition.has_start_date();
  const bool has_end = exhibition.has_end_date();
  if (has_start != has_end) {
    v.Add(prefix + (has_start ? ".end_date" : ".start_date"),
          "is required when the other date is given");
    return;
  }
  if (!has_start) {
    return;
  }
  const auto start = common::api::ReadDate(v, prefix + ".start_date", exhibition.start_date());
  const auto end = common::api::ReadDate(v, prefix + ".end_date", exhibition.end_date());
  if (start && end && *end < *start) {
    v.Add(prefix + ".end_date", "must not be before the start date");
  }
}

void CheckCompetitorExhibition(Violations& v, v1::CompetitorExhibition* exhibition) {
  constexpr char kPrefix[] = "competitor_exhibition";
  CheckText(v, std::string(kPrefix) + ".display_name", exhibition->mutable_display_name(), true,
            kNameMaxCharacters);
  CheckText(v, std::string(kPrefix) + ".organizer", exhibition->mutable_organizer(), true,
            kNameMaxCharacters);
  CheckText(v, std::string(kPrefix) + ".city", exhibition->mutable_city(), false, 200);
  CheckText(v, std::string(kPrefix) + ".description", exhibition->mutable_description(), false,
            5000, true);
  if (exhibition->periodicity() != v1::PERIODICITY_UNSPECIFIED &&
      !common::api::IsSpecified(exhibition->periodicity())) {
    v.Add(std::string(kPrefix) + ".periodicity", "is not a known periodicity");
  }
  CheckOptionalDates(v, kPrefix, *exhibition);
}

// Only the caller-editable fields of a competitor's exhibition.
v1::CompetitorExhibition EditableCopy(const v1::CompetitorExhibition& in) {
  v1::CompetitorExhibition out;
  out.set_display_name(in.display_name());
  out.set_organizer(in.organizer());
  out.set_city(in.city());
  out.set_periodicity(in.periodicity());
  if (in.has_start_date()) {
    *out.mutable_start_date() = in.start_date();
  }
  if (in.has_end_date()) {
    *out.mutable_end_date() = in.end_date();
  }
  out.set_description(in.description());
  return out;
}

}  // namespace

std::string ValidateProjectName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "projects");
}

EditionRef ValidateEditionName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto ids = common::ParseChildResourceId(name, "projects", "editions");
  if (!ids) {
    throw common::ValidationError(field,
                                  "must be a resource name like projects/{uuid}/editions/{uuid}");
  }
  return {ids->first, ids->second};
}

bool MayEditExhibitions(const common::auth::Principal& caller) {
  return caller.HasAny(
      {common::auth::Role::kAnalyst, common::auth::Role::kSalesHead, common::auth::Role::kAdmin});
}

ProjectUpdate ValidateUpdateProject(const v1::UpdateProjectRequest& request) {
  static constexpr std::array<std::string_view, 2> kUpdatable = {"display_name", "description"};
  Violations v;
  ProjectUpdate update;
  if (!request.has_project()) {
    v.Add("project", "is required");
  } else if (auto id = ReadResourceId(v, "project.name", request.project().name(), "projects")) {
    update.id = *id;
    update.mask.etag = request.project().etag();
  }
  update.mask.paths = common::api::ReadUpdateMask(v, request.update_mask(), kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::Project ApplyProjectUpdate(const v1::Project& current, const v1::Project& changes,
                               const std::vector<std::string>& paths) {
  v1::CreateProjectRequest merged;
  *merged.mutable_project() = current;
  if (common::api::HasPath(paths, "display_name")) {
    merged.mutable_project()->set_display_name(changes.display_name());
  }
  if (common::api::HasPath(paths, "description")) {
    merged.mutable_project()->set_description(changes.description());
  }
  return ValidateCreateProject(merged);
}

EditionUpdate ValidateUpdateEdition(const v1::UpdateEditionRequest& request) {
  static constexpr std::array<std::string_view, 7> kUpdatable = {
      "display_name", "start_date", "end_date", "venue", "price_per_m2", "status", "stand_prices"};
  Violations v;
  EditionUpdate update;
  if (!request.has_edition()) {
    v.Add("edition", "is required");
  } else {
    const std::string& name = request.edition().name();
    if (name.empty()) {
      v.Add("edition.name", "is required");
    } else if (auto ids = common::ParseChildResourceId(name, "projects", "editions")) {
      update.ref = {ids->first, ids->second};
    } else {
      v.Add("edition.name", "must be a resource name like projects/{uuid}/editions/{uuid}");
    }
    common::api::RequireEtag(v, "edition.etag", request.edition().etag());
    update.mask.etag = request.edition().etag();
  }
  update.mask.paths = common::api::ReadUpdateMask(v, request.update_mask(), kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::Edition ApplyEditionUpdate(const v1::Edition& current, const v1::Edition& changes,
                               const std::vector<std::string>& paths) {
  v1::Edition merged = current;
  if (common::api::HasPath(paths, "display_name")) {
    merged.set_display_name(changes.display_name());
  }
  if (common::api::HasPath(paths, "start_date")) {
    merged.clear_start_date();
    if (changes.has_start_date()) {
      *merged.mutable_start_date() = changes.start_date();
    }
  }
  if (common::api::HasPath(paths, "end_date")) {
    merged.clear_end_date();
    if (changes.has_end_date()) {
      *merged.mutable_end_date() = changes.end_date();
    }
  }
  if (common::api::HasPath(paths, "venue")) {
    merged.set_venue(changes.venue());
  }
  if (common::api::HasPath(paths, "price_per_m2")) {
    merged.clear_price_per_m2();
    if (changes.has_price_per_m2()) {
      *merged.mutable_price_per_m2() = changes.price_per_m2();
    }
  }
  if (common::api::HasPath(paths, "status")) {
    merged.set_status(changes.status());
  }
  if (common::api::HasPath(paths, "stand_prices")) {
    *merged.mutable_stand_prices() = changes.stand_prices();
  }
  Violations v;
  if (!common::api::IsSpecified(merged.status())) {
    v.Add("edition.status", "must be planned, open for sales, running, closed or cancelled");
  }
  CheckStandPrices(v, merged.mutable_stand_prices());
  v.ThrowIfAny();
  // The create rules judge the fields an edition is created with.
  v1::CreateEditionRequest as_created;
  as_created.set_parent("projects/00000000-0000-0000-0000-000000000000");
  *as_created.mutable_edition() = merged;
  NewEdition checked = ValidateCreateEdition(as_created);
  v1::Edition result = merged;
  result.set_display_name(checked.edition.display_name());
  result.set_venue(checked.edition.venue());
  return result;
}

bool EditionStatusMayChange(v1::EditionStatus from, v1::EditionStatus to) {
  using S = v1::EditionStatus;
  if (from == to) {
    return true;
  }
  switch (from) {
    case S::EDITION_STATUS_PLANNED:
      return to == S::EDITION_STATUS_OPEN_FOR_SALES || to == S::EDITION_STATUS_CANCELLED;
    case S::EDITION_STATUS_OPEN_FOR_SALES:
      return to == S::EDITION_STATUS_PLANNED || to == S::EDITION_STATUS_RUNNING ||
             to == S::EDITION_STATUS_CANCELLED;
    case S::EDITION_STATUS_RUNNING:
      return to == S::EDITION_STATUS_CLOSED || to == S::EDITION_STATUS_CANCELLED;
    case S::EDITION_STATUS_CANCELLED:
      return to == S::EDITION_STATUS_PLANNED;
    default:
      return false;  // closed is final
  }
}

std::string StandPricesText(const google::protobuf::RepeatedPtrField<v1::StandPrice>& prices) {
  std::string text;
  for (const v1::StandPrice& price : prices) {
    if (!text.empty()) {
      text += ',';
    }
    text += StandTypeText::Of(price.stand_type());
    text += ':';
    text += std::to_string(price.price_per_m2().minor_units());
  }
  return text;
}

std::vector<v1::StandPrice> ParseStandPrices(std::string_view text) {
  std::vector<v1::StandPrice> prices;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    auto colon = item.find(':');
    if (colon != std::string_view::npos) {
      int64_t kopecks = 0;
      std::from_chars(item.data() + colon + 1, item.data() + item.size(), kopecks);
      v1::StandPrice price;
      price.set_stand_type(StandTypeText::Parse(item.substr(0, colon)));
      price.mutable_price_per_m2()->set_currency_code("RUB");
      price.mutable_price_per_m2()->set_minor_units(kopecks);
      prices.push_back(price);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  std::sort(prices.begin(), prices.end(),
            [](const auto& a, const auto& b) { return a.stand_type() < b.stand_type(); });
  return prices;
}

v1::CompetitorExhibition ValidateCreateCompetitorExhibition(
    const v1::CreateCompetitorExhibitionRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_competitor_exhibition()) {
    v.Add("competitor_exhibition", "is required");
    v.ThrowIfAny();
  }
  v1::CompetitorExhibition exhibition = EditableCopy(request.competitor_exhibition());
  CheckCompetitorExhibition(v, &exhibition);
  v.ThrowIfAny();
  return exhibition;
}

std::string ValidateCompetitorExhibitionName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "competitorExhibitions");
}

CompetitorExhibitionUpdate ValidateUpdateCompetitorExhibition(
    const v1::UpdateCompetitorExhibitionRequest& request) {
  static constexpr std::array<std::string_view, 7> kUpdatable = {
      "display_name", "organizer", "city", "periodicity", "start_date", "end_date", "description"};
  Violations v;
  UpdateTarget target = ReadUpdateTarget(
      v, "competitor_exhibition",
      request.has_competitor_exhibition() ? &request.competitor_exhibition() : nullptr,
      request.update_mask(), "competitorExhibitions", kUpdatable);
  v.ThrowIfAny();
  return {std::move(target.id), {std::move(target.paths), std::move(target.etag)}};
}

v1::CompetitorExhibition ApplyCompetitorExhibitionUpdate(const v1::CompetitorExhibition& current,
                                                         const v1::CompetitorExhibition& changes,
                                                         const std::vector<std::string>& paths) {
  v1::CompetitorExhibition merged = EditableCopy(current);
  for (const std::string& path : paths) {
    if (path == "display_name") {
      merged.set_display_name(changes.display_name());
    } else if (path == "organizer") {
      merged.set_organizer(changes.organizer());
    } else if (path == "city") {
      merged.set_city(changes.city());
    } else if (path == "periodicity") {
      merged.set_periodicity(changes.periodicity());
    } else if (path == "description") {
      merged.set_description(changes.description());
    } else if (path == "start_date") {
      merged.clear_start_date();
      if (changes.has_start_date()) {
        *merged.mutable_start_date() = changes.start_date();
      }
    } else if (path == "end_date") {
      merged.clear_end_date();
      if (changes.has_end_date()) {
        *merged.mutable_end_date() = changes.end_date();
      }
    }
  }
  Violations v;
  CheckCompetitorExhibition(v, &merged);
  v.ThrowIfAny();
  return merged;
}

ListWindow ValidateListCompetitorExhibitions(const v1::ListCompetitorExhibitionsRequest& request,
                                             std::string_view caller) {
  return ValidateListWindow(request, caller);
}

NewParticipation ValidateCreateParticipation(const v1::CreateParticipationRequest& request) {
  Violations v;
  NewParticipation out;
  auto client_id = ReadResourceId(v, "parent", request.parent(), "clients");
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_participation()) {
    v.Add("participation", "is required");
    v.ThrowIfAny();
  }
  const v1::Participation& in = request.participation();
  switch (in.exhibition_case()) {
    case v1::Participation::kEdition:
      if (auto ids = common::ParseChildResourceId(in.edition(), "projects", "editions")) {
        out.edition = EditionRef{ids->first, ids->second};
      } else {
        v.Add("participation.edition",
              "must be a resource name like projects/{uuid}/editions/{uuid}");
      }
      if (in.year() != 0) {
        v.Add("participation.year", "must be empty for one of our editions: its year is taken");
      }
      break;
    case v1::Participation::kCompetitorExhibition:
      if (auto id = ReadResourceId(v, "participation.competitor_exhibition",
                                   in.competitor_exhibition(), "competitorExhibitions")) {
        out.competitor_exhibition_id = *id;
      }
      if (in.year() < 1900 || in.year() > 2200) {
        v.Add("participation.year", "must be a year between 1900 and 2200");
      }
      out.year = in.year();
      break;
    default:
      v.Add("participation.edition", "one of edition or competitor_exhibition is required");
  }
  if (in.area_dm2() < 0 || in.area_dm2() > kMaxAreaDm2) {
    v.Add("participation.area_dm2", "must be between 0 and 10000000 dm² (100 000 m²)");
  }
  out.area_dm2 = in.area_dm2();
  v.ThrowIfAny();
  out.client_id = *client_id;
  return out;
}

ParticipationRef ValidateParticipationName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto ids = common::ParseChildResourceId(name, "clients", "participations");
  if (!ids) {
    throw common::ValidationError(
        field, "must be a resource name like clients/{uuid}/participations/{uuid}");
  }
  return {ids->first, ids->second};
}

ParticipationList ValidateListParticipations(const v1::ListParticipationsRequest& request,
                                             std::string_view caller) {
  Violations v;
  ParticipationList list;
  if (auto id = ReadResourceId(v, "parent", request.parent(), "clients")) {
    list.client_id = *id;
    list.window = ReadListWindow(request, caller, v);
    if (list.window.after) {
      const std::string& year = list.window.after->sort;
      if (year.size() != 4 ||
          !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        v.Add("page_token", common::api::kForeignPageToken);
      }
    }
  }
  v.ThrowIfAny();
  return list;
}

std::string EditionName(std::string_view project_id, std::string_view edition_id) {
  return common::ResourceName("projects", project_id) + "/" +
         common::ResourceName("editions", edition_id);
}

std::string ParticipationName(std::string_view client_id, std::string_view participation_id) {
  return common::ResourceName("clients", client_id) + "/" +
         common::ResourceName("participations", participation_id);
}

}  // namespace crm::registry
