#include "services/registry/store/exhibition_store.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>
#include <string_view>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "services/registry/domain/validation.h"
#include "services/registry/store/project_store.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kCompetitorSortColumn = 1;     // display_name
constexpr int kParticipationSortColumn = 5;  // year

// '' -> no date; otherwise a YYYY-MM-DD the database wrote.
void SetDate(const pqxx::field& field,
             google::type::Date* (v1::CompetitorExhibition::*mutable_date)(),
             v1::CompetitorExhibition* exhibition) {
  std::string_view text = field.c_str();
  if (text.empty()) {
    return;
  }
  auto date = common::api::ParseIsoDate(text);
  if (!date) {
    throw std::runtime_error("unexpected date in competitor_exhibitions: " + std::string(text));
  }
  *(exhibition->*mutable_date)() = common::api::ProtoDate(*date);
}

v1::CompetitorExhibition DecodeCompetitor(const pqxx::row& row) {
  v1::CompetitorExhibition exhibition;
  exhibition.set_name(common::ResourceName("competitorExhibitions", row[0].c_str()));
  exhibition.set_display_name(row[1].c_str());
  exhibition.set_organizer(row[2].c_str());
  exhibition.set_city(row[3].c_str());
  exhibition.set_periodicity(PeriodicityText::Parse(row[4].c_str()));
  SetDate(row[5], &v1::CompetitorExhibition::mutable_start_date, &exhibition);
  SetDate(row[6], &v1::CompetitorExhibition::mutable_end_date, &exhibition);
  exhibition.set_description(row[7].c_str());
  *exhibition.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  *exhibition.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  exhibition.set_etag(row[10].c_str());
  return exhibition;
}

v1::Participation DecodeParticipation(const pqxx::row& row) {
  v1::Participation participation;
  participation.set_name(ParticipationName(row[1].c_str(), row[0].c_str()));
  if (!std::string_view(row[2].c_str()).empty()) {
    participation.set_edition(EditionName(row[3].c_str(), row[2].c_str()));
  } else {
    participation.set_competitor_exhibition(
        common::ResourceName("competitorExhibitions", row[4].c_str()));
  }
  participation.set_year(row[5].as<int>());
  participation.set_area_dm2(row[6].as<int64_t>());
  *participation.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  return participation;
}

std::string OptionalDateText(const v1::CompetitorExhibition& exhibition, bool start) {
  if (start) {
    return exhibition.has_start_date() ? common::api::IsoDate(exhibition.start_date()) : "";
  }
  return exhibition.has_end_date() ? common::api::IsoDate(exhibition.end_date()) : "";
}

}  // namespace

std::optional<v1::Project> LockProject(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("project_get_for_update", id), DecodeProjectRow);
}

v1::Project UpdateProjectRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Project& project, const std::string& actor) {
  return DecodeProjectRow(tx.exec_prepared1("project_update", id, project.display_name(),
                                            project.description(), actor));
}

std::optional<v1::Edition> FindEdition(pqxx::transaction_base& tx, const EditionRef& ref) {
  return FirstOf(tx.exec_prepared("edition_get", ref.edition_id, ref.project_id), DecodeEditionRow);
}

std::optional<v1::Edition> LockEdition(pqxx::transaction_base& tx, const EditionRef& ref) {
  return FirstOf(tx.exec_prepared("edition_get_for_update", ref.edition_id, ref.project_id),
                 DecodeEditionRow);
}

v1::Edition UpdateEditionRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Edition& edition, const std::string& actor) {
  return DecodeEditionRow(tx.exec_prepared1(
      "edition_update", id, edition.display_name(), common::api::IsoDate(edition.start_date()),
      common::api::IsoDate(edition.end_date()), edition.venue(),
      edition.price_per_m2().minor_units(), EditionStatusText::Of(edition.status()),
      StandPricesText(edition.stand_prices()), actor));
}

v1::CompetitorExhibition InsertCompetitorExhibition(pqxx::transaction_base& tx,
                                                    const std::string& id,
                                                    const v1::CompetitorExhibition& exhibition,
                                                    const std::string& actor) {
  return DecodeCompetitor(tx.exec_prepared1(
      "competitor_exhibition_insert", id, exhibition.display_name(), exhibition.organizer(),
      exhibition.city(), PeriodicityText::Of(exhibition.periodicity()),
      OptionalDateText(exhibition, true), OptionalDateText(exhibition, false),
      exhibition.description(), actor));
}

std::optional<v1::CompetitorExhibition> FindCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id) {
  return FirstOf(tx.exec_prepared("competitor_exhibition_get", id), DecodeCompetitor);
}

std::optional<v1::CompetitorExhibition> LockCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id) {
  return FirstOf(tx.exec_prepared("competitor_exhibition_get_for_update", id), DecodeCompetitor);
}

v1::CompetitorExhibition UpdateCompetitorExhibitionRecord(
    pqxx::transaction_base& tx, const std::string& id, const v1::CompetitorExhibition& exhibition,
    const std::string& actor) {
  return DecodeCompetitor(tx.exec_prepared1(
      "competitor_exhibition_update", id, exhibition.display_name(), exhibition.organizer(),
      exhibition.city(), PeriodicityText::Of(exhibition.periodicity()),
      OptionalDateText(exhibition, true), OptionalDateText(exhibition, false),
      exhibition.description(), actor));
}

Page<v1::CompetitorExhibition> ListCompetitorExhibitions(pqxx::transaction_base& tx,
                                                         const ListWindow& window) {
  return ReadPage(tx.exec_prepared("competitor_exhibitions_list", AfterSort(window),
                                   AfterId(window), FetchLimit(window)),
                  window, kCompetitorSortColumn, DecodeCompetitor);
}

v1::Participation InsertParticipation(pqxx::transaction_base& tx, const std::string& id,
                                      const NewParticipation& participation, int year,
                                      const std::string& actor) {
  const std::string edition_id = participation.edition ? participation.edition->edition_id : "";
  return DecodeParticipation(tx.exec_prepared1("participation_insert", id, participation.client_id,
                                               edition_id, participation.competitor_exhibition_id,
                                               year, participation.area_dm2, actor));
}

std::optional<v1::Participation> FindParticipation(pqxx::transaction_base& tx,
                                                   const ParticipationRef& ref) {
  return FirstOf(tx.exec_prepared("participation_get", ref.participation_id, ref.client_id),
                 DecodeParticipation);
}

std::optional<v1::Participation> FindSameParticipation(pqxx::transaction_base& tx,
                                                       const NewParticipation& participation) {
  const std::string edition_id = participation.edition ? participation.edition->edition_id : "";
  return FirstOf(tx.exec_prepared("participation_existing", participation.client_id, edition_id,
                                  participation.competitor_exhibition_id, participation.year),
                 DecodeParticipation);
}

std::optional<v1::Participation> DeleteParticipation(pqxx::transaction_base& tx,
                                                     const ParticipationRef& ref) {
  return FirstOf(tx.exec_prepared("participation_delete", ref.participation_id, ref.client_id),
                 DecodeParticipation);
}

Page<v1::Participation> ListParticipations(pqxx::transaction_base& tx,
                                           const ParticipationList& list) {
  // Newest first: the first page starts below every real (year, id).
  const std::string year = list.window.after ? list.window.after->sort : "10000";
  const std::string id =
      list.window.after ? list.window.after->id : "ffffffff-ffff-ffff-ffff-ffffffffffff";
  return ReadPage(tx.exec_prepared("participations_of_client", list.client_id, year, id,
                                   FetchLimit(list.window)),
                  list.window, kParticipationSortColumn, DecodeParticipation);
}

}  // namespace crm::registry
