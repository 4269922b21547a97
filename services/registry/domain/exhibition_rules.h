#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/auth/auth.h"
#include "crm/registry/v1/exhibitions.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/list_window.h"

// Input rules of ExhibitionService: editing projects and editions, competitors' exhibitions and
// participation. Like validation.h, each Validate* throws common::ValidationError naming every
// problem by its request field path.
namespace crm::registry {

std::string ValidateProjectName(std::string_view name, const char* field);

struct EditionRef {
  std::string project_id;
  std::string edition_id;
};
EditionRef ValidateEditionName(std::string_view name, const char* field);

// The update_mask of an Update request: the listed paths, each updatable, no repeats.
struct MaskedUpdate {
  std::vector<std::string> paths;
  std::string etag;
};

// Analysts and heads of sales (and admins) edit projects and editions.
bool MayEditExhibitions(const common::auth::Principal& caller);

struct ProjectUpdate {
  std::string id;
  MaskedUpdate mask;
};
// The project's etag is optional: an update without one is not checked against the current one.
ProjectUpdate ValidateUpdateProject(const v1::UpdateProjectRequest& request);
v1::Project ApplyProjectUpdate(const v1::Project& current, const v1::Project& changes,
                               const std::vector<std::string>& paths);

struct EditionUpdate {
  EditionRef ref;
  MaskedUpdate mask;
};
EditionUpdate ValidateUpdateEdition(const v1::UpdateEditionRequest& request);
// `current` with the masked fields from `changes`, judged by the create rules plus the status
// and stand-price rules; stand prices come back ordered by stand type.
v1::Edition ApplyEditionUpdate(const v1::Edition& current, const v1::Edition& changes,
                               const std::vector<std::string>& paths);
// Whether an edition may go from one status to the other: planned -> open for sales -> running
// -> closed, cancelled from anything not yet closed, and a cancelled edition planned again.
bool EditionStatusMayChange(v1::EditionStatus from, v1::EditionStatus to);

// Stand prices as stored: "corner:1400000,island:1600000" (kopecks, ordered by type).
std::string StandPricesText(const google::protobuf::RepeatedPtrField<v1::StandPrice>& prices);
std::vector<v1::StandPrice> ParseStandPrices(std::string_view text);
// The stored text of an edition's status and of stand types: "open_for_sales", "corner".
using EditionStatusText = common::api::EnumText<v1::EditionStatus, common::api::TextCase::kLower>;
using StandTypeText = common::api::EnumText<v1::StandType, common::api::TextCase::kLower>;

v1::CompetitorExhibition ValidateCreateCompetitorExhibition(
    const v1::CreateCompetitorExhibitionRequest& request);
std::string ValidateCompetitorExhibitionName(std::string_view name, const char* field);
struct CompetitorExhibitionUpdate {
  std::string id;
  MaskedUpdate mask;
};
CompetitorExhibitionUpdate ValidateUpdateCompetitorExhibition(
    const v1::UpdateCompetitorExhibitionRequest& request);
v1::CompetitorExhibition ApplyCompetitorExhibitionUpdate(const v1::CompetitorExhibition& current,
                                                         const v1::CompetitorExhibition& changes,
                                                         const std::vector<std::string>& paths);
ListWindow ValidateListCompetitorExhibitions(const v1::ListCompetitorExhibitionsRequest& request,
                                             std::string_view caller);
// The stored text of a competitor exhibition's periodicity: "twice_a_year"; "" for none.
using PeriodicityText = common::api::EnumText<v1::Periodicity, common::api::TextCase::kLower>;

struct NewParticipation {
  std::string client_id;
  std::optional<EditionRef> edition;
  std::string competitor_exhibition_id;  // when not an edition
  int year = 0;                          // 0 for an edition: the edition's year is taken
  int64_t area_dm2 = 0;
};
NewParticipation ValidateCreateParticipation(const v1::CreateParticipationRequest& request);

struct ParticipationRef {
  std::string client_id;
  std::string participation_id;
};
ParticipationRef ValidateParticipationName(std::string_view name, const char* field);

struct ParticipationList {
  std::string client_id;
  ListWindow window;
};
ParticipationList ValidateListParticipations(const v1::ListParticipationsRequest& request,
                                             std::string_view caller);

std::string EditionName(std::string_view project_id, std::string_view edition_id);
std::string ParticipationName(std::string_view client_id, std::string_view participation_id);

}  // namespace crm::registry
